import Router from '@koa/router';
import { MY_ACTIONS } from '@wechat-bind/dto';
import type { AppDeps } from '../../app';
import { createAttemptLimiter, createWeixinBinding } from '../../libraries/weixin-binding';
import { koaCaaAuth } from '../../middleware/koa-caa-auth';
import { createWechatApi } from '../../providers/wechat/wechat-api';
import { registerBindWeixin } from './routes';

/** 01 signed client API (api-docs/01-my-bind-weixin.md, api-docs/signature.md). */
export function createMyRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/my' });
  const caa = (action: string) =>
    koaCaaAuth({
      models: deps.models,
      secretBox: deps.secretBox,
      redis: deps.redis,
      logger: deps.logger,
      action,
    });
  const bindWeixin = createWeixinBinding({
    sequelize: deps.sequelize,
    models: deps.models,
    wechat: createWechatApi({ baseUrl: deps.upstreams.wechatApiBase }),
    mobileAppId: deps.upstreams.mobileApp?.appId,
    limiter: createAttemptLimiter(deps.redis),
  });
  registerBindWeixin(router, caa(MY_ACTIONS.bindWeixin), bindWeixin);
  return router;
}
