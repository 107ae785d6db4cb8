import type Router from '@koa/router';
import type { BindWeixinRequest, BindWeixinResponse } from '@wechat-bind/dto';
import Joi from 'joi';
import type { Middleware } from 'koa';
import type { BindWeixin } from '../../libraries/weixin-binding';
import { WeixinBindingError, serializeUser } from '../../libraries/weixin-binding';
import { koaGuard } from '../../middleware/koa-guard';
import { invalidParams, toMyError } from './errors';

/**
 * Printable ASCII without spaces, within a generous length: WeChat's tokens and ids are
 * base64url-like, and anything else would only be refused by WeChat after a round trip.
 */
const field = (max: number) =>
  Joi.string()
    .max(max)
    .pattern(/^[\x21-\x7e]+$/)
    .required()
    .messages({
      'any.required': '{{#label}} is required',
      'string.base': '{{#label}} must be a string',
      'string.empty': '{{#label}} must not be empty',
      'string.max': '{{#label}} must be at most {{#limit}} characters',
      'string.pattern.base': '{{#label}} must be printable ASCII without spaces',
    });

/** All four fields are required strings; other fields are ignored. */
export const bindWeixinBody = Joi.object<BindWeixinRequest>({
  accessToken: field(512),
  openid: field(128),
  unionid: field(128),
  userId: field(64),
})
  .unknown(true)
  .messages({ 'object.base': 'the body must be a JSON object' })
  .prefs({ errors: { wrap: { label: false } } });

/** PUT /api/my/bind-weixin (api-docs/01-my-bind-weixin.md). */
export function registerBindWeixin(router: Router, auth: Middleware, bindWeixin: BindWeixin): void {
  router.put(
    '/bind-weixin',
    auth,
    koaGuard({ body: bindWeixinBody }, invalidParams),
    async (ctx) => {
      const caa = ctx.state.caa!;
      const body = ctx.state.guarded!.body as BindWeixinRequest;
      try {
        const result = await bindWeixin({
          actor: { userId: caa.userId, apiKey: caa.apiKey },
          userId: body.userId,
          claim: { accessToken: body.accessToken, openid: body.openid, unionid: body.unionid },
          ip: ctx.ip,
          userAgent: ctx.get('user-agent') || undefined,
        });
        const reply: BindWeixinResponse = { user: serializeUser(result.user, result.weixin) };
        ctx.body = reply;
      } catch (error) {
        if (error instanceof WeixinBindingError && error.retryAfterMs !== undefined) {
          ctx.set('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
        }
        throw toMyError(error);
      }
    },
  );
}
