import Router from '@koa/router';
import Koa from 'koa';
import type { AppContext, AppDeps } from './app-context';
import { createAppContext } from './app-context';
import { dialects } from './dialects/registry';
import { koaBody } from './middleware/koa-body';
import { koaErrorHandler } from './middleware/koa-error-handler';
import { koaForwardedForWarning } from './middleware/koa-forwarded-for-warning';
import { koaRequestId } from './middleware/koa-request-id';
import { koaRequestLog } from './middleware/koa-request-log';
import { koaSecurityHeaders } from './middleware/koa-security-headers';
import { koaMetrics } from './metrics/koa-metrics';
import { docsRoutes } from './routes/docs-routes';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import { webRoutes } from './routes/web-routes';

type Routes = (router: Router, context: AppContext) => void;

function mount(app: Koa, context: AppContext, routes: Routes, prefix?: string): void {
  const router = new Router(prefix ? { prefix } : {});
  routes(router, context);
  app.use(router.routes());
  // Sets 405/501 with an Allow header; koaErrorHandler then renders the dialect's body.
  app.use(router.allowedMethods());
}

export function createApp(deps: AppDeps): Koa {
  const context = createAppContext(deps);
  const { config, logger } = context;
  // Behind a trusted proxy, the client is the address that proxy appended last to
  // X-Forwarded-For; anything before it came from the client and could be forged.
  const app = new Koa({ proxy: config.trustProxy, maxIpsCount: 1 });
  // Errors are rendered by koaErrorHandler; Koa's own handler would only print them again.
  app.silent = true;

  app.use(koaRequestId());
  app.use(koaRequestLog(logger));
  app.use(koaForwardedForWarning({ trustProxy: config.trustProxy, logger }));
  app.use(koaSecurityHeaders({ hsts: config.nodeEnv === 'production' }));
  app.use(koaMetrics(context.metrics.metrics));
  app.use(koaErrorHandler(logger));
  app.use(koaBody({ limit: config.bodyLimit }));

  mount(app, context, healthRoutes);
  for (const dialect of dialects) mount(app, context, dialect.routes, dialect.prefix);
  mount(app, context, webRoutes);
  mount(app, context, metricsRoutes);
  // Opt-in in production: the full API description helps an attacker more than an operator there.
  if (config.docsEnabled) mount(app, context, docsRoutes, '/docs');
  return app;
}
