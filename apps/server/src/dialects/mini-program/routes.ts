import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../app';
import type { RequestOrigin } from '../../libraries/mini-program';
import { createMiniProgram } from '../../libraries/mini-program';
import { createSmsSender } from '../../providers/sms/create-sms-sender';
import { createWechatApi } from '../../providers/wechat/wechat-api';
import { accountsGuard } from './guard';
import { accountsOk, koaRetryAfter } from './reply';
import type { SendVerifyCodeBody, WxaAuthorizeBody, WxaBindMobileBody } from './schemas';
import { sendVerifyCodeBody, wxaAuthorizeBody, wxaBindMobileBody } from './schemas';

/** The validated body: koaGuard ran the route's schema before the handler. */
const bodyOf = <T>(ctx: Context) => ctx.state.guarded?.body as T;

/** The proof of the wxa_authorize session; an empty one is no proof, like a missing one. */
const sessionTokenOf = (body: { session_token?: string }) => body.session_token || undefined;

/** The client's address (X-Forwarded-For only with TRUST_PROXY) and agent, for limits and audit. */
const originOf = (ctx: Context): RequestOrigin => ({
  ip: ctx.ip,
  userAgent: ctx.get('user-agent') || undefined,
});

/**
 * 05 mini-program sign-in and phone binding (api-docs/05-wxa-miniprogram.rst), plus the endpoints
 * the flow needs that the document leaves out: send_verify_code and me (docs/mini-program.md).
 */
export function createAccountsRouter(deps: AppDeps): Router {
  const miniProgram = createMiniProgram({
    config: deps.config,
    sequelize: deps.sequelize,
    models: deps.models,
    redis: deps.redis,
    secretBox: deps.secretBox,
    apps: deps.upstreams.miniprogramApps,
    wechat: createWechatApi({ baseUrl: deps.upstreams.wechatApiBase }),
    sms: createSmsSender(deps.config),
    smsChallenge: deps.smsChallenge,
  });
  const router = new Router({ prefix: '/accounts' });
  router.use(koaRetryAfter());

  router.post('/wxa_authorize', accountsGuard({ body: wxaAuthorizeBody }), async (ctx) => {
    const body = bodyOf<WxaAuthorizeBody>(ctx);
    ctx.body = accountsOk(
      await miniProgram.authorize({
        appId: body.auth_app_id,
        jsCode: body.js_code,
        encryptedData: body.encrypted_data,
        iv: body.iv,
      }),
    );
  });

  router.post('/send_verify_code', accountsGuard({ body: sendVerifyCodeBody }), async (ctx) => {
    const body = bodyOf<SendVerifyCodeBody>(ctx);
    ctx.body = accountsOk(
      await miniProgram.sendVerifyCode(
        {
          appId: body.auth_app_id,
          openid: body.openid,
          mobile: body.mobile,
          sessionToken: sessionTokenOf(body),
          challenge: body.challenge,
        },
        originOf(ctx),
      ),
    );
  });

  router.post('/wxa_bind_mobile', accountsGuard({ body: wxaBindMobileBody }), async (ctx) => {
    const body = bodyOf<WxaBindMobileBody>(ctx);
    const identity = {
      appId: body.auth_app_id,
      openid: body.openid,
      sessionToken: sessionTokenOf(body),
    };
    const input =
      body.phone_code !== undefined
        ? { ...identity, phoneCode: body.phone_code }
        : { ...identity, mobile: body.mobile, verifyCode: body.verify_code };
    ctx.body = accountsOk(await miniProgram.bindMobile(input, originOf(ctx)));
  });

  router.get('/me', async (ctx) => {
    ctx.body = accountsOk(await miniProgram.me(ctx.get('authorization') || undefined));
  });

  return router;
}
