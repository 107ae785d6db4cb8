import type Router from '@koa/router';
import Koa from 'koa';
import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './logger';
import { koaBody } from './middleware/koa-body';
import { koaErrorHandler } from './middleware/koa-error-handler';
import { koaForwardedForWarning } from './middleware/koa-forwarded-for-warning';
import { koaRequestId } from './middleware/koa-request-id';
import { koaRequestLog } from './middleware/koa-request-log';
import { koaSecurityHeaders } from './middleware/koa-security-headers';
import { createAppMetrics } from './metrics/app-metrics';
import { koaMetrics } from './metrics/koa-metrics';
import type { Redis } from './redis/create-redis';
import { pingRedis } from './redis/create-redis';
import { createAccountRouter } from './dialects/account-linking';
import { createAccountsRouter } from './dialects/mini-program/routes';
import { createAdministratorRouter } from './dialects/oauth-binding';
import { createDocsRoutes } from './routes/docs-routes';
import { createHealthRoutes } from './routes/health-routes';
import { createMetricsRoutes } from './routes/metrics-routes';
import { createMyRouter } from './dialects/weixin-binding';
import { createWebRoutes } from './routes/web-routes';
import type { UpstreamSettings } from './runtime/upstreams';
import type { SecretBox } from './libraries/secret-box';
import type { SmsChallenge } from './libraries/mini-program/sms-challenge';
import { pingDatabase } from './store/database';
import type { Models } from './store/models';

/**
 * Everything the app needs from outside; `main.ts` wires the real ones, tests their own
 * (test-support/test-context.ts). Routers build their providers from these settings.
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  /** Where WeChat and DingTalk are and which apps this server uses. */
  upstreams: UpstreamSettings;
  /** Seals and opens secrets kept at rest (Caa API secrets), with DATA_KEY. */
  secretBox: SecretBox;
  /** An operator's check before every mini-program SMS (a CAPTCHA); none when unset. */
  smsChallenge?: SmsChallenge;
}

function mountRouter(app: Koa, router: Router): void {
  app.use(router.routes());
  // Sets 405/501 with an Allow header; koaErrorHandler then renders the dialect's body.
  app.use(router.allowedMethods());
}

export function createApp(deps: AppDeps): Koa {
  // Behind a trusted proxy, the client is the address that proxy appended last to
  // X-Forwarded-For; anything before it came from the client and could be forged.
  const app = new Koa({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  // Errors are rendered by koaErrorHandler; Koa's own handler would only print them again.
  app.silent = true;

  app.use(koaRequestId());
  app.use(koaRequestLog(deps.logger));
  app.use(koaForwardedForWarning({ trustProxy: deps.config.trustProxy, logger: deps.logger }));
  app.use(koaSecurityHeaders({ hsts: deps.config.nodeEnv === 'production' }));
  const readiness = {
    required: { postgres: () => pingDatabase(deps.sequelize) },
    optional: { redis: () => pingRedis(deps.redis) },
  };
  const metrics = createAppMetrics(deps, readiness);
  app.use(koaMetrics(metrics.metrics));
  app.use(koaErrorHandler(deps.logger));
  app.use(koaBody({ limit: deps.config.bodyLimit }));

  mountRouter(app, createHealthRoutes(readiness));
  mountRouter(app, createAccountsRouter(deps));
  mountRouter(app, createMyRouter(deps));
  mountRouter(app, createAdministratorRouter(deps));
  mountRouter(app, createAccountRouter(deps));
  mountRouter(app, createWebRoutes(deps.config));
  mountRouter(app, createMetricsRoutes(metrics.metrics, metrics.access));
  // Opt-in in production: the full API description helps an attacker more than an operator there.
  if (deps.config.docsEnabled) mountRouter(app, createDocsRoutes());
  return app;
}
