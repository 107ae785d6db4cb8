import { ACCOUNT_ERROR_MESSAGES, ACCOUNT_HEADERS } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import { RequestError } from '../errors/request-error';
import type { GatewayNetworks } from '../libraries/account-linking/gateway-networks';
import type { ClientAppKind } from '../libraries/client-app-keys';
import { authenticateClientAppKey } from '../libraries/client-app-keys';
import type { Models } from '../store/models';

/**
 * Who vouches for the request's `X-Union-Id`: a client app by the kind of its key, or a gateway
 * on a trusted network (ACCOUNT_WX_TRUSTED_PROXIES), which is believed like a `server` key.
 */
export type AccountCallerTrust = ClientAppKind | 'gateway';

declare module 'koa' {
  interface DefaultState {
    /** The client app whose key the request presented (koaClientAppAuth); unset for a gateway. */
    clientAppId?: string;
    /** How far the caller is trusted (koaClientAppAuth). */
    accountCallerTrust?: AccountCallerTrust;
    /** The WeChat unionid the caller vouches for (`X-Union-Id`). */
    unionId?: string;
  }
}

const bearerPattern = /^Bearer +(\S+)$/i;

const unauthorized = () =>
  new RequestError({
    code: 'unauthorized',
    status: 401,
    message: ACCOUNT_ERROR_MESSAGES.requiresAuthentication,
    headers: { 'WWW-Authenticate': 'Bearer realm="account"' },
  });

/**
 * Auth of the account-linking dialect (04). `X-Union-Id` alone proves nothing (anyone can send
 * any header), so it is believed only from a client presenting its client-app key
 * (`Authorization: Bearer wbk_…`, issued by `npm run cli -- client-key:create`; checked by hash),
 * or, with no Authorization header at all, from a peer address inside `gatewayNetworks` (the
 * socket's address: a gateway there has signed the user in). The key is checked first: a caller
 * without one learns nothing else, 401 whatever the rest of the request. Then a missing or blank
 * `X-Union-Id` is 400. An unknown unionid is the handler's 404.
 */
export function koaClientAppAuth(
  models: Models,
  { gatewayNetworks = () => false }: { gatewayNetworks?: GatewayNetworks } = {},
): Middleware {
  return async (ctx, next) => {
    const authorization = ctx.get('authorization');
    let trust: AccountCallerTrust;
    if (authorization === '' && gatewayNetworks(ctx.req.socket.remoteAddress)) {
      trust = 'gateway';
    } else {
      const key = bearerPattern.exec(authorization)?.[1];
      const clientApp = key ? await authenticateClientAppKey(models, key) : null;
      if (!clientApp) throw unauthorized();
      ctx.state.clientAppId = clientApp.id;
      trust = clientApp.kind;
    }
    const unionId = ctx.get(ACCOUNT_HEADERS.unionId).trim();
    if (unionId === '') {
      throw new RequestError({
        code: 'missing_union_id',
        status: 400,
        message: ACCOUNT_ERROR_MESSAGES.missingUnionId,
      });
    }
    ctx.state.accountCallerTrust = trust;
    ctx.state.unionId = unionId;
    await next();
  };
}
