import Router from '@koa/router';
import type { AppDeps } from '../../app';
import { createGatewayNetworks } from '../../libraries/account-linking/gateway-networks';
import { koaClientAppAuth } from '../../middleware/koa-client-app-auth';
import { koaAccountErrors } from './errors';
import { mountVerifyEmailRoute } from './verify-email-route';
import { mountWxAccountRoutes } from './routes';

/**
 * 04 WeChat and email account linking (api-docs/04-account-wx.md), finished where the document
 * stops as docs/account-linking.md records: `/account/wx*` for callers that vouch for the WeChat
 * user (a client-app key, or a gateway on ACCOUNT_WX_TRUSTED_PROXIES), plus the verification link.
 */
export function createAccountRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/account' });
  router.use(koaAccountErrors);
  const gatewayNetworks = createGatewayNetworks(deps.config.accountWxTrustedProxies);
  mountWxAccountRoutes(router, deps, koaClientAppAuth(deps.models, { gatewayNetworks }));
  mountVerifyEmailRoute(router, deps);
  return router;
}
