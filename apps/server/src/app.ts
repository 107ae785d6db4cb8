import Router from '@koa/router';
import Koa from 'koa';
import type { AppContext, AppDeps } from './app-context';
import { createAppContext } from './app-context';
import { dialects } from './dialects/registry';
import { koaBody } from './middleware/koa-body';
import { koaConcurrencyLimit } from './middleware/koa-concurrency-limit';
import { koaErrorHandler } from './middleware/koa-error-handler';
import { koaForwardedForWarning } from './middleware/koa-forwarded-for-warning';
import { koaRequestId } from './middleware/koa-request-id';
import { koaRequestRecord } from './middleware/koa-request-record';
import { koaRouters } from './middleware/koa-routers';
import { koaSecurityHeaders } from './middleware/koa-security-headers';
import { docsRoutes } from './routes/docs-routes';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import { webRoutes } from './routes/web-routes';

type Routes = (router: Router, context: AppContext) => void;

function routerOf(context: AppContext, prefix: string, ...routes: Routes[]): Router {
  const router = new Router(prefix ? { prefix } : {});
  for (const register of routes) register(router, context);
  return router;
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
  app.use(koaRequestRecord(logger, context.metrics.metrics));
  app.use(koaForwardedForWarning({ trustProxy: config.trustProxy, logger }));
  app.use(koaSecurityHeaders({ hsts: config.nodeEnv === 'production' }));
  app.use(koaErrorHandler(logger));
  app.use(
    koaConcurrencyLimit({
      max: config.maxConcurrentRequests,
      queueTimeoutMs: config.queueTimeoutMs,
      exempt: (path) => path === '/healthz' || path === '/readyz' || path === '/metrics',
    }),
  );
  app.use(koaBody({ limit: config.bodyLimit }));
  app.use(
    koaRouters({
      byPrefix: [
        ...dialects.map((dialect) => ({
          prefix: dialect.prefix,
          router: routerOf(context, dialect.prefix, dialect.routes),
        })),
        // Opt-in in production: the full API description helps an attacker more than an operator.
        ...(config.docsEnabled
          ? [{ prefix: '/docs', router: routerOf(context, '/docs', docsRoutes) }]
          : []),
      ],
      otherwise: routerOf(context, '', healthRoutes, webRoutes, metricsRoutes),
    }),
  );
  return app;
}
