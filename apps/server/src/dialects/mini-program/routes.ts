import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppContext } from '../../app-context';
import type { RequestOrigin } from '../../libraries/mini-program';
import { AVATAR_MAX_BYTES } from '../../libraries/profiles';
import type { GuardSchemas } from '../../middleware/koa-guard';
import { koaGuard } from '../../middleware/koa-guard';
import { avatarUploadRefusals, readAvatarFile } from './avatar-file';
import { sendAvatar } from './avatar-reply';
import { invalidInput } from './errors';
import { accountsOk } from './reply';
import {
  avatarParams,
  avatarUploadReply,
  meReply,
  sendVerifyCodeBody,
  sendVerifyCodeReply,
  wxaAuthorizeBody,
  wxaAuthorizeReply,
  wxaBindMobileBody,
  updateMeBody,
  updateMeReply,
  wxaBindMobileReply,
} from './schemas';
import { signedIn, signedInUser } from './signed-in';

/** The proof of the wxa_authorize session; an empty one is no proof, like a missing one. */
const sessionTokenOf = (body: { session_token?: string }) => body.session_token || undefined;

/** The client's address (X-Forwarded-For only with TRUST_PROXY) and agent, for limits and audit. */
const originOf = (ctx: Context): RequestOrigin => ({
  ip: ctx.ip,
  userAgent: ctx.get('user-agent') || undefined,
});

/**
 * 05 mini-program sign-in and phone binding (api-docs/05-wxa-miniprogram.rst), plus the endpoints
 * the flow needs that the document leaves out: send_verify_code, me, and the user's own name and
 * avatar (docs/mini-program.md).
 * Every reply is 05's envelope; the library's refusals are worded by errors.ts.
 */
export function miniProgramRoutes(router: Router, context: AppContext): void {
  const { miniProgram, profiles } = context.libraries;
  const guard = <BodyT, ResponseT, ParamsT = undefined>(
    schemas: GuardSchemas<BodyT, undefined, ParamsT, ResponseT>,
  ) => koaGuard(schemas, { onInvalid: invalidInput, checkReplies: context.checkReplies });
  const authenticated = signedIn(miniProgram);

  router.post(
    '/wxa_authorize',
    guard({ body: wxaAuthorizeBody, response: wxaAuthorizeReply }),
    async (ctx) => {
      const { body } = ctx.guard;
      ctx.body = accountsOk(
        await miniProgram.authorize(
          {
            appId: body.auth_app_id,
            jsCode: body.js_code,
            encryptedData: body.encrypted_data,
            iv: body.iv,
          },
          originOf(ctx),
        ),
      );
    },
  );

  router.post(
    '/send_verify_code',
    guard({ body: sendVerifyCodeBody, response: sendVerifyCodeReply }),
    async (ctx) => {
      const { body } = ctx.guard;
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
    },
  );

  router.post(
    '/wxa_bind_mobile',
    guard({ body: wxaBindMobileBody, response: wxaBindMobileReply }),
    async (ctx) => {
      const { body } = ctx.guard;
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
    },
  );

  router.get('/me', guard({ response: meReply }), async (ctx) => {
    ctx.body = accountsOk(await miniProgram.me(ctx.get('authorization') || undefined));
  });

  router.put(
    '/me',
    authenticated,
    guard({ body: updateMeBody, response: updateMeReply }),
    async (ctx) => {
      await profiles.rename(
        { userId: signedInUser(ctx).uid, nickname: ctx.guard.body.nickname },
        originOf(ctx),
      );
      ctx.body = accountsOk(await miniProgram.me(ctx.get('authorization') || undefined));
    },
  );

  router.post('/me/avatar', authenticated, guard({ response: avatarUploadReply }), async (ctx) => {
    if (!ctx.is('multipart/form-data')) throw avatarUploadRefusals.notMultipart();
    const bytes = await readAvatarFile(ctx.req, AVATAR_MAX_BYTES);
    const { avatarUrl } = await profiles.uploadAvatar(
      { userId: signedInUser(ctx).uid, bytes },
      originOf(ctx),
    );
    ctx.body = accountsOk({ avatar_url: avatarUrl });
  });

  router.get('/avatars/:id', guard({ params: avatarParams }), async (ctx) => {
    sendAvatar(ctx, await profiles.readAvatar(ctx.guard.params.id));
  });
}
