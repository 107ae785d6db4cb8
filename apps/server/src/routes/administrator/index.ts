import Router from '@koa/router';
import type { AppDeps } from '../../app';

/** 02/03 administrator OAuth binding (api-docs/02-oauth-binding-create.md, 03-oauth-binding-update.md). */
export function createAdministratorRouter(_deps: AppDeps): Router {
  return new Router({ prefix: '/api/administrator' });
}
