import type { Sequelize } from 'sequelize';
import type { Config } from '../../config';
import type { SmsSender } from '../../providers/sms/sms-sender';
import { createAccessTokenCache } from '../../providers/wechat/access-token-cache';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Redis } from '../../redis/create-redis';
import type { Models } from '../../store/models';
import type { MiniProgramAppRegistry } from '../mini-program-apps';
import type { SecretBox } from '../secret-box';
import type { AuthorizeInput } from './authorize';
import { authorize } from './authorize';
import type { MiniProgramContext, RequestOrigin } from './context';
import { createJsCodeExchange } from './js-code-exchange';
import { createMiniProgramLimits } from './limits';
import { me } from './me';
import type { SendVerifyCodeInput } from './send-verify-code';
import { sendVerifyCode } from './send-verify-code';
import { createSessionTokens } from './session-tokens';
import type { SmsChallenge, SmsChallengeRequest } from './sms-challenge';
import { noSmsChallenge } from './sms-challenge';
import { createWxaSessionStore } from './sessions';
import { createVerificationCodes } from './verification-codes';
import type { WxaBindMobileInput } from './wxa-bind-mobile';
import { wxaBindMobile } from './wxa-bind-mobile';

export type {
  AuthorizeInput,
  RequestOrigin,
  SendVerifyCodeInput,
  SmsChallenge,
  SmsChallengeRequest,
  WxaBindMobileInput,
};
export { noSmsChallenge };
export { MiniProgramError } from './errors';
export type { MiniProgramFailure, MiniProgramLimit } from './errors';

export interface MiniProgramDeps {
  config: Pick<Config, 'jwtSecret' | 'jwtExpiresInSeconds' | 'dataKey' | 'miniProgram'>;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  secretBox: SecretBox;
  /** The mini-programs that may sign in (auth_app_id), with their secrets. */
  apps: MiniProgramAppRegistry;
  wechat: WechatApi;
  sms: SmsSender;
  /** A check before every SMS (a CAPTCHA, say); none by default. */
  smsChallenge?: SmsChallenge;
}

/**
 * The mini-program sign-in and phone binding flow (api-docs/05, docs/mini-program.md): one object
 * per app, whose members the /accounts routes call. State lives in PostgreSQL (identities, users)
 * and Redis (sessions, codes, limits, the access token), so any instance can serve any step.
 */
export function createMiniProgram(deps: MiniProgramDeps) {
  const settings = deps.config.miniProgram;
  const context: MiniProgramContext = {
    sequelize: deps.sequelize,
    models: deps.models,
    apps: deps.apps,
    settings,
    wechat: deps.wechat,
    sms: deps.sms,
    smsChallenge: deps.smsChallenge ?? noSmsChallenge,
    accessTokens: createAccessTokenCache({
      redis: deps.redis,
      wechat: deps.wechat,
      apps: deps.apps,
      secretBox: deps.secretBox,
    }),
    exchangeJsCode: createJsCodeExchange({
      redis: deps.redis,
      secretBox: deps.secretBox,
      wechat: deps.wechat,
    }),
    sessions: createWxaSessionStore({
      redis: deps.redis,
      secretBox: deps.secretBox,
      ttlSeconds: settings.sessionTtlSeconds,
    }),
    codes: createVerificationCodes({
      redis: deps.redis,
      dataKey: deps.config.dataKey,
      ttlSeconds: settings.verifyCodeTtlSeconds,
      maxAttempts: settings.verifyCodeMaxAttempts,
    }),
    limits: createMiniProgramLimits(deps.redis, settings),
    tokens: createSessionTokens({
      secret: deps.config.jwtSecret,
      expiresInSeconds: deps.config.jwtExpiresInSeconds,
    }),
  };
  return {
    authorize: (input: AuthorizeInput, origin: RequestOrigin) => authorize(context, input, origin),
    sendVerifyCode: (input: SendVerifyCodeInput, origin: RequestOrigin) =>
      sendVerifyCode(context, input, origin),
    bindMobile: (input: WxaBindMobileInput, origin: RequestOrigin) =>
      wxaBindMobile(context, input, origin),
    me: (authorization: string | undefined) => me(context, authorization),
  };
}

export type MiniProgram = ReturnType<typeof createMiniProgram>;
