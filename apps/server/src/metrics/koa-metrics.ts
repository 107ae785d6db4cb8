import type { Middleware } from 'koa';
import { dialectForPath } from '../dialects/registry';
import type { Metrics } from './create-metrics';

/** What requests that matched no route are counted as: raw paths would let anyone add series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every request once it has its final status (it runs outside the error handler, so
 * failures are counted with the status their envelope carries). Upstream calls are counted by
 * the providers themselves, which the app context builds with this app's metrics.
 */
export function koaMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      metrics.recordRequest({
        method: ctx.method,
        route: route === undefined ? UNMATCHED_ROUTE : String(route),
        dialect: dialectForPath(ctx.path).name,
        status: ctx.status,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    }
  };
}
