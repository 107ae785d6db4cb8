import { ACCOUNT_ERROR_MESSAGES, ACCOUNT_HEADERS } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import { RequestError } from '../errors/request-error';
import { authenticateClientAppKey } from '../libraries/client-app-keys';
import type { Models } from '../store/models';

declare module 'koa' {
  interface DefaultState {
    /** The trusted client app whose key the request presented (koaClientAppAuth). */
    clientAppId?: string;
    /** The WeChat unionid the trusted client vouches for (`X-Union-Id`). */
    unionId?: string;
  }
}

const bearerPattern = /^Bearer +(\S+)$/i;

/**
 * Auth of the account-linking dialect (04). `X-Union-Id` alone proves nothing (anyone can send
 * any header), so it is believed only from a trusted app client presenting its client-app key
 * (`Authorization: Bearer wbk_…`, issued by `npm run cli -- client-key:create`; checked by hash).
 * The key is checked first: a caller without one learns nothing else, 401 whatever the rest of the
 * request. Then a missing or blank `X-Union-Id` is 400. An unknown unionid is the handler's 404.
 */
export function koaClientAppAuth(models: Models): Middleware {
  return async (ctx, next) => {
    const key = bearerPattern.exec(ctx.get('authorization'))?.[1];
    const clientAppId = key ? await authenticateClientAppKey(models, key) : null;
    if (!clientAppId) {
      ctx.set('WWW-Authenticate', 'Bearer realm="account"');
      throw new RequestError({
        code: 'unauthorized',
        status: 401,
        message: ACCOUNT_ERROR_MESSAGES.requiresAuthentication,
      });
    }
    const unionId = ctx.get(ACCOUNT_HEADERS.unionId).trim();
    if (unionId === '') {
      throw new RequestError({
        code: 'missing_union_id',
        status: 400,
        message: ACCOUNT_ERROR_MESSAGES.missingUnionId,
      });
    }
    ctx.state.clientAppId = clientAppId;
    ctx.state.unionId = unionId;
    await next();
  };
}
