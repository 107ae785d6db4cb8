import type { Config } from '../../config';
import type { DingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import type { SmsSender } from '../../providers/sms/sms-sender';
import { isSmsRateLimited } from '../../providers/sms/sms-provider-error';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Redis } from '../../redis/create-redis';
import type { UpstreamSettings } from '../../runtime/upstreams';
import type { Models } from '../../store/models';
import { MiniProgramError } from '../mini-program';
import { createMiniProgramLimits } from '../mini-program/limits';
import { createVerificationCodes } from '../mini-program/verification-codes';
import type { OAuthBindingType } from '../oauth-binding';
import {
  dingtalkAuthorizeUrl,
  wechatAuthorizeUrl,
  wechatMpAuthorizeUrl,
} from '../oauth-binding/authorize-url';
import { providerOf } from '../oauth-binding/binding-types';
import { fetchDingtalkIdentity } from '../oauth-binding/dingtalk-identity';
import type { ExternalIdentity } from '../oauth-binding/external-identity';
import { joinProvenWechatIdentity } from '../oauth-binding/join-wechat-identity';
import { fetchWechatIdentity } from '../oauth-binding/wechat-identity';
import type { SessionStore, SignInMethod } from './session-store';
import { createSessionStore } from './session-store';
import { consumeSignInState, issueSignInState } from './sign-in-states';
import { WebSessionError } from './web-session-error';

/** Eight hours from sign-in, fixed: a working day on the settings page, and no longer. */
export const WEB_SESSION_TTL_SECONDS = 8 * 3600;

/**
 * The code namespace of the web page among the verification codes: mini-program codes are kept
 * under their appid (`wx…`), so a code sent for one never proves anything to the other.
 */
const WEB_CODE_APP = 'web';

/** The providers a person may sign in with, once they have bound an account of them. */
export const SIGN_IN_TYPES = ['WECHAT', 'WECHAT_MP', 'DING_TALK'] as const;
export type SignInType = (typeof SIGN_IN_TYPES)[number];

export interface WebSessionsDeps {
  config: Pick<Config, 'dataKey' | 'miniProgram'>;
  models: Models;
  redis: Redis;
  upstreams: UpstreamSettings;
  wechat: WechatApi;
  dingtalk: DingtalkApi;
  sms: SmsSender;
  ttlSeconds?: number;
}

/** Where a sign-in request comes from: the address, and the browser's sign-in cookie. */
export interface Requester {
  ip: string;
  /** The random value of the browser's sign-in cookie; scopes codes and states to it. */
  browser: string;
}

/** Who is signed in, as the page shows them. */
export interface SignedInUser {
  userId: string;
  name: string | null;
  /** `138****5678`: enough to recognise, not to read off the screen. */
  mobile: string | null;
}

export const maskMobile = (mobile: string): string =>
  mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';

export type WebSessions = ReturnType<typeof createWebSessions>;

/**
 * Signing in to the web settings page: by mobile and SMS code (the mini-program's code service
 * and limits, with this page's requester in place of a WeChat session), or with a WeChat or
 * DingTalk account already bound to the user (the OAuth consent flow with a sign-in state). Each
 * ends in a new session (session-store.ts); nothing here sees HTTP.
 */
export function createWebSessions(deps: WebSessionsDeps) {
  const { models, redis, upstreams } = deps;
  const settings = deps.config.miniProgram;
  const ttlSeconds = deps.ttlSeconds ?? WEB_SESSION_TTL_SECONDS;
  const sessions: SessionStore = createSessionStore({
    redis,
    dataKey: deps.config.dataKey,
    ttlSeconds,
  });
  const codes = createVerificationCodes({
    redis,
    dataKey: deps.config.dataKey,
    ttlSeconds: settings.verifyCodeTtlSeconds,
    maxAttempts: settings.verifyCodeMaxAttempts,
  });
  const limits = createMiniProgramLimits(redis, settings);
  const codeOwner = (requester: Requester, mobile: string) => ({
    appId: WEB_CODE_APP,
    openid: requester.browser,
    mobile,
  });

  /** The mini-program's refusals in this flow's terms; anything else is not ours to word. */
  async function translated<T>(call: () => Promise<T>, type?: OAuthBindingType): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof MiniProgramError)) throw error;
      switch (error.reason) {
        case 'verify_code_wrong':
          throw new WebSessionError('code_wrong', { cause: error });
        case 'verify_code_expired':
          throw new WebSessionError('code_expired', { cause: error });
        case 'too_many_requests':
          throw new WebSessionError('too_many_requests', {
            type,
            cause: error,
            retryAfterMs: error.retryAfterMs,
          });
        default:
          throw error;
      }
    }
  }

  const appOf = {
    WECHAT: upstreams.webApp,
    WECHAT_MP: upstreams.mpApp,
    DING_TALK: upstreams.dingtalkApp,
  };
  function requireSignInType(type: OAuthBindingType): SignInType {
    const known = (SIGN_IN_TYPES as readonly string[]).includes(type);
    if (!known || !appOf[type as SignInType]) throw new WebSessionError('not_configured', { type });
    return type as SignInType;
  }

  function authorizeUrl(type: SignInType, state: string): string {
    switch (type) {
      case 'WECHAT':
        return wechatAuthorizeUrl(upstreams.wechatConnectBase, upstreams.webApp!, state);
      case 'WECHAT_MP':
        return wechatMpAuthorizeUrl(upstreams.wechatConnectBase, upstreams.mpApp!, state);
      case 'DING_TALK':
        return dingtalkAuthorizeUrl(upstreams.dingtalkLoginBase, upstreams.dingtalkApp!, state);
    }
  }

  function fetchIdentity(type: SignInType, code: string): Promise<ExternalIdentity> {
    switch (type) {
      case 'WECHAT':
        return fetchWechatIdentity(deps.wechat, upstreams.webApp!, code);
      case 'WECHAT_MP':
        return fetchWechatIdentity(deps.wechat, upstreams.mpApp!, code, 'WECHAT_MP');
      case 'DING_TALK':
        return fetchDingtalkIdentity(
          deps.dingtalk,
          upstreams.dingtalkApp!,
          code,
          upstreams.dingtalkAllowedCorpIds,
        );
    }
  }

  const startSession = async (userId: string, method: SignInMethod) =>
    (await sessions.create({ userId, method })).cookie;

  return {
    sessions,
    /** How long a session lives from sign-in; the cookie's Max-Age. */
    ttlSeconds,

    /**
     * A code by SMS for `mobile`, kept for this browser only. Whether the mobile has an account
     * is not said (that would tell anyone which numbers do); the sign-in says so, once the code
     * has proven the number is the caller's. The code is kept only once the SMS is accepted.
     */
    async sendCode(requester: Requester, mobile: string) {
      const refund = await translated(() =>
        limits.beforeSms({
          ip: requester.ip,
          appId: WEB_CODE_APP,
          openid: requester.browser,
          mobile,
        }),
      );
      const code = codes.generate();
      try {
        await deps.sms.sendVerificationCode({
          mobile,
          code,
          expiresIn: settings.verifyCodeTtlSeconds,
        });
      } catch (error) {
        await refund();
        throw isSmsRateLimited(error)
          ? new WebSessionError('too_many_requests', {
              cause: error,
              retryAfterMs: settings.smsResendIntervalSeconds * 1000,
            })
          : new WebSessionError('sms_unavailable', { cause: error });
      }
      await codes.save(codeOwner(requester, mobile), code);
      return {
        expiresIn: settings.verifyCodeTtlSeconds,
        resendAfter: settings.smsResendIntervalSeconds,
      };
    },

    /** The code sent to this browser for `mobile` signs in the user who has that mobile. */
    async signInWithCode(requester: Requester, mobile: string, code: string): Promise<string> {
      await translated(() => limits.beforeCodeCheck({ ip: requester.ip }));
      await translated(() => codes.consume(codeOwner(requester, mobile), code));
      const user = await models.User.findOne({ where: { mobile }, attributes: ['id'] });
      if (!user) throw new WebSessionError('mobile_unknown');
      return startSession(user.id, 'sms');
    },

    /** The provider's authorize URL with a sign-in state for this browser. */
    async startOAuth(requester: Requester, type: OAuthBindingType): Promise<string> {
      const signInType = requireSignInType(type);
      await translated(() => limits.beforeCodeCheck({ ip: requester.ip }), type);
      return authorizeUrl(signInType, await issueSignInState(redis, signInType, requester.browser));
    },

    /**
     * The code the provider's redirect brought back: the state first (once, whatever follows),
     * then the provider says who this is, then the store says whose account that is. An account
     * bound to nobody signs nobody in.
     */
    async signInWithOAuth(
      requester: Requester,
      input: { type: OAuthBindingType; code: string; state: string },
    ): Promise<string> {
      const type = requireSignInType(input.type);
      await translated(() => limits.beforeCodeCheck({ ip: requester.ip }), type);
      if (!(await consumeSignInState(redis, type, requester.browser, input.state))) {
        throw new WebSessionError('state_invalid', { type });
      }
      const identity = await fetchIdentity(type, input.code);
      await joinProvenWechatIdentity(models, identity, {
        actor: { type: 'system', id: 'wechat-sign-in' },
        via: 'web-sign-in',
        ip: requester.ip,
      });
      const account = await models.ExternalAccount.findOne({
        where: { provider: providerOf[type], accountKey: identity.accountKey },
        attributes: ['userId'],
      });
      if (!account?.userId) throw new WebSessionError('account_not_bound', { type });
      return startSession(account.userId, type);
    },

    /** The session's user, as the page names them; null once the user is gone. */
    async describe(userId: string): Promise<SignedInUser | null> {
      const user = await models.User.findByPk(userId, { attributes: ['id', 'name', 'mobile'] });
      if (!user) return null;
      return {
        userId: user.id,
        name: user.name,
        mobile: user.mobile === null ? null : maskMobile(user.mobile),
      };
    },
  };
}
