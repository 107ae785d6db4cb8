import type { OAuthBinding } from '@wechat-bind/dto';
import type { Sequelize } from 'sequelize';
import type { DingtalkApp, WechatWebApp, WecomApp } from '../../config';
import type { DingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import type { Sealer } from '../../providers/wechat/access-token-cache';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { WecomAccessTokenCache } from '../../providers/wecom/access-token-cache';
import { createWecomAccessTokenCache } from '../../providers/wecom/access-token-cache';
import type { WecomApi } from '../../providers/wecom/wecom-api';
import type { Redis } from '../../redis/create-redis';
import type { UpstreamSettings } from '../../runtime/upstreams';
import type { Models } from '../../store/models';
import type { AttemptLimits } from './attempt-limiter';
import { createAttemptLimiter, DEFAULT_ATTEMPT_LIMITS } from './attempt-limiter';
import type { AuditContext } from './audit-context';
import {
  dingtalkAuthorizeUrl,
  wechatAuthorizeUrl,
  wechatMpAuthorizeUrl,
  wecomAuthorizeUrl,
} from './authorize-url';
import type { BindOutcome } from './bind-external-account';
import { bindExternalAccount } from './bind-external-account';
import type { OAuthBindingType } from './binding-types';
import { providerOf } from './binding-types';
import { fetchDingtalkIdentity } from './dingtalk-identity';
import type { ExternalIdentity } from './external-identity';
import { joinProvenWechatIdentity } from './join-wechat-identity';
import { listBindings } from './list-bindings';
import { OAuthBindingError } from './oauth-binding-error';
import { consumeState, issueState, STATE_TTL_SECONDS } from './state-nonces';
import type { UnbindOutcome } from './unbind-external-account';
import { unbindExternalAccount } from './unbind-external-account';
import { fetchWechatIdentity } from './wechat-identity';
import { fetchWecomIdentity } from './wecom-identity';

export interface OAuthBindingDeps {
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  upstreams: UpstreamSettings;
  wechat: WechatApi;
  dingtalk: DingtalkApi;
  wecom: WecomApi;
  /** Seals the WeCom access token at rest in Redis. */
  secretBox: Sealer;
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
  function configured<T>(app: T | undefined, type: OAuthBindingType): T {
    if (!app) throw new OAuthBindingError('not_configured', type);
    return app;
  }
  const wechatApp = (): WechatWebApp => configured(upstreams.webApp, 'WECHAT');
  const mpApp = (): WechatWebApp => configured(upstreams.mpApp, 'WECHAT_MP');
  const dingtalkApp = (): DingtalkApp => configured(upstreams.dingtalkApp, 'DING_TALK');
  const wecomApp = (): WecomApp => configured(upstreams.wecomApp, 'WECOM');
  const appOf: Record<OAuthBindingType, () => unknown> = {
    WECHAT: wechatApp,
    WECHAT_MP: mpApp,
    DING_TALK: dingtalkApp,
    WECOM: wecomApp,
  };
  function assertConfigured(type: OAuthBindingType): void {
    appOf[type]();
  }

  // One cache for the service's WeCom agent, made on first use (the app may be unconfigured).
  let wecomTokens: WecomAccessTokenCache | undefined;
  const wecomTokenCache = (): WecomAccessTokenCache =>
    (wecomTokens ??= createWecomAccessTokenCache({
      redis,
      wecom: deps.wecom,
      app: wecomApp(),
      secretBox: deps.secretBox,
    }));

  /** Redis calls: a failure there is the cache being away, not a bug. */
  async function inCache<T>(type: OAuthBindingType, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new OAuthBindingError('cache_unavailable', type, { cause: error });
    }
  }

  function fetchIdentity(type: OAuthBindingType, code: string): Promise<ExternalIdentity> {
    switch (type) {
      case 'WECHAT':
        return fetchWechatIdentity(deps.wechat, wechatApp(), code);
      case 'WECHAT_MP':
        return fetchWechatIdentity(deps.wechat, mpApp(), code, 'WECHAT_MP');
      case 'DING_TALK':
        return fetchDingtalkIdentity(
          deps.dingtalk,
          dingtalkApp(),
          code,
          upstreams.dingtalkAllowedCorpIds,
        );
      case 'WECOM':
        return fetchWecomIdentity(deps.wecom, wecomTokenCache(), wecomApp(), code);
    }
  }

  function authorizeUrl(type: OAuthBindingType, state: string): string {
    switch (type) {
      case 'WECHAT':
        return wechatAuthorizeUrl(upstreams.wechatConnectBase, wechatApp(), state);
      case 'WECHAT_MP':
        return wechatMpAuthorizeUrl(upstreams.wechatConnectBase, mpApp(), state);
      case 'DING_TALK':
        return dingtalkAuthorizeUrl(upstreams.dingtalkLoginBase, dingtalkApp(), state);
      case 'WECOM':
        return wecomAuthorizeUrl(upstreams.wecomLoginBase, wecomApp(), state);
    }
  }

  return {
    /**
     * `PUT …/{type}` `{state: false}`: a fresh state and the URL of the provider's login page. A
     * user who has an account of the type is getting the binding again (重新获取绑定): the state
     * records that, and the code that comes back with it replaces the account.
     */
    async startBinding({ userId, type }: { userId: string; type: OAuthBindingType }) {
      assertConfigured(type);
      await limitAttempt('start', userId, type);
      const current = await models.ExternalAccount.findOne({
        where: { userId, provider: providerOf[type] },
        attributes: ['id'],
      });
      const intent = current ? 'rebind' : 'bind';
      const state = await inCache(type, () =>
        issueState(redis, { userId, type }, intent, stateTtlSeconds),
      );
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
      const intent = await inCache(type, () => consumeState(redis, { userId, type }, state));
      if (!intent) throw new OAuthBindingError('state_invalid', type);
      const identity = await fetchIdentity(type, code);
      await joinProvenWechatIdentity(sequelize, identity, { ...audit, via: 'oauth-binding' });
      return bindExternalAccount(
        { sequelize, models },
        { userId, type, identity, audit, replaceCurrent: intent === 'rebind' },
      );
    },

    /** `PUT …/{type}` `{state: true}`: `not_bound` (nothing changed) is a success too. */
    unbind(input: {
      userId: string;
      type: OAuthBindingType;
      audit: AuditContext;
    }): Promise<UnbindOutcome> {
      return unbindExternalAccount({ sequelize, models }, input);
    },

    /** `GET …/oauth-binding`. */
    list(userId: string): Promise<OAuthBinding[]> {
      return listBindings(models, userId);
    },
  };
}
