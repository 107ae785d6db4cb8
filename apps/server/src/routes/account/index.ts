import Router from '@koa/router';
import type { AppDeps } from '../../app';

/** 04 WeChat and email account linking (api-docs/04-account-wx.md). */
export function createAccountRouter(_deps: AppDeps): Router {
  return new Router({ prefix: '/account' });
}
