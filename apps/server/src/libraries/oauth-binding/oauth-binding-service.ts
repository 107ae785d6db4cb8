import type { OAuthBinding } from '@wechat-bind/dto';
import type { Sequelize } from 'sequelize';
import type { DingtalkApp, WechatWebApp } from '../../config';
import type { DingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Redis } from '../../redis/create-redis';
import type { UpstreamSettings } from '../../runtime/upstreams';
import type { Models } from '../../store/models';
import type { AttemptLimits } from './attempt-limiter';
import { createAttemptLimiter, DEFAULT_ATTEMPT_LIMITS } from './attempt-limiter';
import type { AuditContext } from './audit-context';
import { dingtalkAuthorizeUrl, wechatAuthorizeUrl } from './authorize-url';
import type { BindOutcome } from './bind-external-account';
import { bindExternalAccount } from './bind-external-account';
import type { OAuthBindingType } from './binding-types';
import { fetchDingtalkIdentity } from './dingtalk-identity';
import type { ExternalIdentity } from './external-identity';
import { listBindings } from './list-bindings';
import { OAuthBindingError } from './oauth-binding-error';
import { consumeState, issueState, STATE_TTL_SECONDS } from './state-nonces';
import { unbindExternalAccount } from './unbind-external-account';
import { fetchWechatIdentity } from './wechat-identity';

export interface OAuthBindingDeps {
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  upstreams: UpstreamSettings;
  wechat: WechatApi;
  dingtalk: DingtalkApi;
  stateTtlSeconds?: number;
  attemptLimits?: AttemptLimits;
}

export interface CompleteBindingInput {
  userId: string;
  type: OAuthBindingType;
  code: string;
  state: string;
  audit: AuditContext;
}

export type OAuthBindingService = ReturnType<typeof createOAuthBindingService>;

/**
 * The administrator's OAuth binding, start to finish: issue a state and the provider's authorize
 * URL; take the state back with the code, ask the provider who the user is, and bind; unbind;
 * list. Each step throws OAuthBindingError with the reason when it refuses.
 */
export function createOAuthBindingService(deps: OAuthBindingDeps) {
  const { sequelize, models, redis, upstreams } = deps;
  const stateTtlSeconds = deps.stateTtlSeconds ?? STATE_TTL_SECONDS;
  const limitAttempt = createAttemptLimiter(redis, deps.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS);

  // The apps this server signs in with; without one, its type cannot be used.
  function wechatApp(): WechatWebApp {
    if (!upstreams.webApp) throw new OAuthBindingError('not_configured', 'WECHAT');
    return upstreams.webApp;
  }
  function dingtalkApp(): DingtalkApp {
    if (!upstreams.dingtalkApp) throw new OAuthBindingError('not_configured', 'DING_TALK');
    return upstreams.dingtalkApp;
  }
  function assertConfigured(type: OAuthBindingType): void {
    if (type === 'WECHAT') wechatApp();
    else dingtalkApp();
  }

  /** Redis calls: a failure there is the cache being away, not a bug. */
  async function inCache<T>(type: OAuthBindingType, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new OAuthBindingError('cache_unavailable', type, { cause: error });
    }
  }

  function fetchIdentity(type: OAuthBindingType, code: string): Promise<ExternalIdentity> {
    return type === 'WECHAT'
      ? fetchWechatIdentity(deps.wechat, wechatApp(), code)
      : fetchDingtalkIdentity(deps.dingtalk, dingtalkApp(), code);
  }

  function authorizeUrl(type: OAuthBindingType, state: string): string {
    return type === 'WECHAT'
      ? wechatAuthorizeUrl(upstreams.wechatConnectBase, wechatApp(), state)
      : dingtalkAuthorizeUrl(upstreams.dingtalkLoginBase, dingtalkApp(), state);
  }

  return {
    /** `PUT …/{type}` `{state: false}`: a fresh state and the URL of the provider's login page. */
    async startBinding({ userId, type }: { userId: string; type: OAuthBindingType }) {
      assertConfigured(type);
      await limitAttempt('start', userId, type);
      const state = await inCache(type, () => issueState(redis, { userId, type }, stateTtlSeconds));
      return authorizeUrl(type, state);
    },

    /**
     * `POST …/oauth-binding`: the state is taken back first (once, whatever follows: a failed
     * code exchange needs a new login anyway), then the provider is asked, then the store is
     * written. Nothing is written unless the provider vouches for the account.
     */
    async completeBinding({
      userId,
      type,
      code,
      state,
      audit,
    }: CompleteBindingInput): Promise<BindOutcome> {
      assertConfigured(type);
      await limitAttempt('complete', userId, type);
      const issued = await inCache(type, () => consumeState(redis, { userId, type }, state));
      if (!issued) throw new OAuthBindingError('state_invalid', type);
      const identity = await fetchIdentity(type, code);
      return bindExternalAccount({ sequelize, models }, { userId, type, identity, audit });
    },

    /** `PUT …/{type}` `{state: true}`. */
    unbind(input: { userId: string; type: OAuthBindingType; audit: AuditContext }): Promise<void> {
      return unbindExternalAccount({ sequelize, models }, input);
    },

    /** `GET …/oauth-binding`. */
    list(userId: string): Promise<OAuthBinding[]> {
      return listBindings(models, userId);
    },
  };
}
