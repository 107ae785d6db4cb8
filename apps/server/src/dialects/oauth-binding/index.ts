import Router from '@koa/router';
import type { AppDeps } from '../../app';
import { createOAuthBindingService } from '../../libraries/oauth-binding';
import { koaBearerAuth } from '../../middleware/koa-bearer-auth';
import { createDingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import { createWechatApi } from '../../providers/wechat/wechat-api';
import { createWecomApi } from '../../providers/wecom/wecom-api';
import { unauthenticated } from './errors';
import { registerCreateOAuthBinding } from './create-oauth-binding';
import { koaBindingErrors } from './koa-binding-errors';
import { registerListOAuthBindings } from './list-oauth-bindings';
import { registerUpdateOAuthBinding } from './update-oauth-binding';

/**
 * 02/03 administrator OAuth binding (api-docs/02-oauth-binding-create.md, 03-oauth-binding-update.md).
 * Every route authenticates first (a personal access token), so nothing about the input is
 * revealed to an unauthenticated caller; then it validates, then calls the binding library.
 */
export function createAdministratorRouter(deps: AppDeps): Router {
  const service = createOAuthBindingService({
    sequelize: deps.sequelize,
    models: deps.models,
    redis: deps.redis,
    upstreams: deps.upstreams,
    wechat: createWechatApi({ baseUrl: deps.upstreams.wechatApiBase }),
    dingtalk: createDingtalkApi({ baseUrl: deps.upstreams.dingtalkApiBase }),
    wecom: createWecomApi({ baseUrl: deps.upstreams.wecomApiBase }),
    secretBox: deps.secretBox,
  });
  const before = [koaBearerAuth(deps.models, unauthenticated), koaBindingErrors()];
  // The routes carry their full paths (ADMINISTRATOR_ROUTES), so the router has no prefix.
  const router = new Router();
  registerListOAuthBindings(router, service, before);
  registerCreateOAuthBinding(router, service, before);
  registerUpdateOAuthBinding(router, service, before);
  return router;
}
