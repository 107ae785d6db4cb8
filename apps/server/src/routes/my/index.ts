import Router from '@koa/router';
import type { AppDeps } from '../../app';

/** 01 signed client API (api-docs/01-my-bind-weixin.md, api-docs/signature.md). */
export function createMyRouter(_deps: AppDeps): Router {
  return new Router({ prefix: '/api/my' });
}
