import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { AccountLinking } from './libraries/account-linking';
import { createAccountLinking } from './libraries/account-linking';
import { createMiniProgramAppRegistry } from './libraries/mini-program-apps';
import type { MiniProgram, SmsChallenge } from './libraries/mini-program';
import { createMiniProgram } from './libraries/mini-program';
import type { OAuthBindingService } from './libraries/oauth-binding';
import { createOAuthBindingService } from './libraries/oauth-binding';
import type { Profiles } from './libraries/profiles';
import { createProfiles } from './libraries/profiles';
import type { SecretBox } from './libraries/secret-box';
import type { WebSessions } from './libraries/web-sessions';
import { createWebSessions } from './libraries/web-sessions';
import type { BindWeixin } from './libraries/weixin-binding';
import { createAttemptLimiter, createWeixinBinding } from './libraries/weixin-binding';
import type { ReadinessChecks } from './lifecycle/readiness';
import type { Logger } from './logger';
import type { AppMetrics } from './metrics/app-metrics';
import { createAppMetrics } from './metrics/app-metrics';
import type { DingtalkApi } from './providers/dingtalk/dingtalk-api';
import { createDingtalkApi } from './providers/dingtalk/dingtalk-api';
import { createSmsSender } from './providers/sms/create-sms-sender';
import type { SmsSender } from './providers/sms/sms-sender';
import type { WechatApi } from './providers/wechat/wechat-api';
import { createWechatApi } from './providers/wechat/wechat-api';
import type { WecomApi } from './providers/wecom/wecom-api';
import { createWecomApi } from './providers/wecom/wecom-api';
import type { Redis } from './redis/create-redis';
import { pingRedis } from './redis/create-redis';
import type { UpstreamSettings } from './runtime/upstreams';
import { pingDatabase } from './store/database';
import type { Models } from './store/models';

/**
 * Everything the app needs from outside: `main.ts` wires the real ones
 * (runtime/create-runtime.ts), tests their own (test/support/test-context.ts).
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  /** Where WeChat, WeCom and DingTalk are and which apps this server uses. */
  upstreams: UpstreamSettings;
  /** Seals and opens secrets kept at rest (Caa API secrets), with DATA_KEY. */
  secretBox: SecretBox;
  /** An operator's check before every mini-program SMS (a CAPTCHA); none when unset. */
  smsChallenge?: SmsChallenge;
}

/** The clients of the outside services, one of each per app. */
export interface Providers {
  wechat: WechatApi;
  dingtalk: DingtalkApi;
  wecom: WecomApi;
  sms: SmsSender;
}

/** The libraries the dialects call, one per contract, each named like its dialect's folder. */
export interface Libraries {
  weixinBinding: BindWeixin;
  oauthBinding: OAuthBindingService;
  accountLinking: AccountLinking;
  miniProgram: MiniProgram;
  /** The user's own name and avatar (mini-program dialect), over the avatar store it builds. */
  profiles: Profiles;
  /** The settings page's own sign-in (administrator dialect): SMS code or a bound account. */
  webSessions: WebSessions;
}

/** What every route is given: the dependencies, and the providers and libraries built on them. */
export interface AppContext extends AppDeps {
  providers: Providers;
  libraries: Libraries;
  /** What /readyz checks: PostgreSQL is required, Redis only reported. */
  readiness: ReadinessChecks;
  /** This app's own metrics registry, and who may read it. */
  metrics: AppMetrics;
  /** koaGuard checks 2xx replies against their schemas: everywhere but production. */
  checkReplies: boolean;
}

/** The one place that builds providers and libraries: each once, shared by every route. */
export function createAppContext(deps: AppDeps): AppContext {
  const { config, sequelize, models, redis, upstreams, secretBox } = deps;
  const readiness: ReadinessChecks = {
    required: { postgres: () => pingDatabase(sequelize) },
    optional: { redis: () => pingRedis(redis) },
  };
  const metrics = createAppMetrics(deps, readiness);
  // Each client reports its calls to this app's metrics (tests build many apps in one process).
  const observer = metrics.metrics.upstreamObserver;
  const providers: Providers = {
    wechat: createWechatApi({ baseUrl: upstreams.wechatApiBase, observer }),
    dingtalk: createDingtalkApi({ baseUrl: upstreams.dingtalkApiBase, observer }),
    wecom: createWecomApi({ baseUrl: upstreams.wecomApiBase, observer }),
    sms: createSmsSender(config),
  };
  const libraries: Libraries = {
    weixinBinding: createWeixinBinding({
      sequelize,
      models,
      wechat: providers.wechat,
      mobileAppId: upstreams.mobileApp?.appId,
      limiter: createAttemptLimiter(redis),
    }),
    oauthBinding: createOAuthBindingService({
      sequelize,
      models,
      redis,
      upstreams,
      wechat: providers.wechat,
      dingtalk: providers.dingtalk,
      wecom: providers.wecom,
      secretBox,
    }),
    accountLinking: createAccountLinking({ config, sequelize, models, redis, secretBox }),
    miniProgram: createMiniProgram({
      config,
      sequelize,
      models,
      redis,
      secretBox,
      // From the store, not the settings: app:add and app:remove apply without a restart.
      apps: createMiniProgramAppRegistry({
        models,
        secretBox,
        logger: deps.logger,
        refreshMs: config.miniProgram.appsRefreshSeconds * 1000,
      }),
      wechat: providers.wechat,
      sms: providers.sms,
      smsChallenge: deps.smsChallenge,
    }),
    profiles: createProfiles({ config, sequelize, models }),
    webSessions: createWebSessions({
      config,
      models,
      redis,
      upstreams,
      wechat: providers.wechat,
      dingtalk: providers.dingtalk,
      sms: providers.sms,
    }),
  };
  return {
    ...deps,
    providers,
    libraries,
    readiness,
    metrics,
    checkReplies: config.nodeEnv !== 'production',
  };
}
