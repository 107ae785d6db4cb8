import type { WxaAuthorizeData } from '@wechat-bind/dto';
import { sha256Hex } from '../token-hash';
import type { MiniProgramContext, RequestOrigin } from './context';
import { signInWechatIdentity } from './identities';
import { requireMiniProgramApp } from './mini-program-apps';
import { sessionData } from './session-data';
import { decryptProfile } from './user-info';

export interface AuthorizeInput {
  appId: string;
  jsCode: string;
  encryptedData: string;
  iv: string;
}

/**
 * POST /accounts/wxa_authorize: exchange the login code, decrypt the profile with the session key,
 * record the identity, start a session for the calls that follow, and sign in a returning user
 * (one whose identity already belongs to a user with a mobile) straight away. Nothing is written
 * before the profile decrypts. Every reply carries the new session's `session_token`, the proof
 * send_verify_code and wxa_bind_mobile require, and `is_bind`, the legacy name of `bound`.
 */
export async function authorize(
  context: MiniProgramContext,
  input: AuthorizeInput,
  origin: RequestOrigin,
): Promise<WxaAuthorizeData> {
  const app = await requireMiniProgramApp(context.apps, input.appId);
  const exchanged = await context.exchangeJsCode({
    app,
    jsCode: input.jsCode,
    fingerprint: sha256Hex(`${input.encryptedData}\0${input.iv}`),
  });
  const profile = decryptProfile({
    sessionKey: exchanged.session_key,
    encryptedData: input.encryptedData,
    iv: input.iv,
    appId: app.appId,
  });
  const { openid } = exchanged;
  const unionid = exchanged.unionid ?? null;
  const { account, user } = await signInWechatIdentity(
    context.sequelize,
    { appId: app.appId, openid, unionid, profile },
    origin,
  );
  const sessionToken = await context.sessions.start(app.appId, openid, {
    accountId: account.id,
    unionid,
    sessionKey: exchanged.session_key,
  });

  const identity = {
    openid,
    unionid,
    nickname: account.nickname ?? '',
    avatar: account.avatar ?? '',
    gender: profile.gender,
  };
  if (!user?.mobile || !account.boundAt) {
    return { ...identity, bound: false, is_bind: false, session_token: sessionToken };
  }

  const issued = context.tokens.issue({
    userId: user.id,
    appId: app.appId,
    openid,
    boundAt: account.boundAt,
  });
  const session = sessionData(user, account, openid, issued);
  return {
    ...identity,
    bound: true,
    is_bind: true,
    session_token: sessionToken,
    avatar: session.avatar,
    created_at: session.created_at,
    expiration: session.expiration,
    mobile: session.mobile,
    token: session.token,
    uid: session.uid,
    username: session.username,
  };
}
