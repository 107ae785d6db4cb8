import type Router from '@koa/router';
import { MY_ACTIONS } from '@wechat-bind/dto';
import type { AppContext } from '../../app-context';
import { serializeUser } from '../../libraries/weixin-binding';
import { koaCaaAuth } from '../../middleware/koa-caa-auth';
import { koaGuard } from '../../middleware/koa-guard';
import { invalidParams } from './errors';
import { bindWeixinBody, bindWeixinReply } from './schemas';

/**
 * 01 signed client API (api-docs/01-my-bind-weixin.md, api-docs/signature.md): every route checks
 * the Caa signature and the key's action first, then its input.
 */
export function weixinBindingRoutes(router: Router, context: AppContext): void {
  const { models, secretBox, redis, logger, checkReplies } = context;
  const { weixinBinding } = context.libraries;
  const caa = (action: string) => koaCaaAuth({ models, secretBox, redis, logger, action });

  router.put(
    '/bind-weixin',
    caa(MY_ACTIONS.bindWeixin),
    koaGuard(
      { body: bindWeixinBody, response: bindWeixinReply },
      { onInvalid: invalidParams, checkReplies },
    ),
    async (ctx) => {
      const { body } = ctx.guard;
      const caller = ctx.state.caa!;
      const result = await weixinBinding({
        actor: { userId: caller.userId, apiKey: caller.apiKey },
        userId: body.userId,
        claim: { accessToken: body.accessToken, openid: body.openid, unionid: body.unionid },
        ip: ctx.ip,
        userAgent: ctx.get('user-agent') || undefined,
      });
      ctx.body = { user: serializeUser(result.user, result.weixin) };
    },
  );
}
