import Router from '@koa/router';
import type { AppDeps } from '../../app';

/** 05 mini-program sign-in and phone binding (api-docs/05-wxa-miniprogram.rst). */
export function createAccountsRouter(_deps: AppDeps): Router {
  return new Router({ prefix: '/accounts' });
}
