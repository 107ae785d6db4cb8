import Router from '@koa/router';
import type { AppDeps } from '../../app';
import { koaClientAppAuth } from '../../middleware/koa-client-app-auth';
import { koaAccountErrors } from './account-errors';
import { mountVerifyEmailRoute } from './verify-email-route';
import { mountWxAccountRoutes } from './wx-account-routes';

/**
 * 04 WeChat and email account linking (api-docs/04-account-wx.md), finished per issue 7 and
 * docs/account-linking.md: `/account/wx*` for trusted app clients, plus the verification link.
 */
export function createAccountRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/account' });
  router.use(koaAccountErrors);
  mountWxAccountRoutes(router, deps, koaClientAppAuth(deps.models));
  mountVerifyEmailRoute(router, deps);
  return router;
}
