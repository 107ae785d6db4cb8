import type { Middleware } from 'koa';
import { dialectForPath } from '../dialects/registry';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/create-metrics';

/** What requests that matched no route are counted as: raw paths would let anyone add series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * What is kept of every request once it has its final status (this runs outside the error
 * handler, so failures carry the status their envelope has): one log line and its metrics. One
 * middleware does both, with one clock reading, because each layer of Koa's stack is a promise
 * and a turn of the microtask queue on every request. Upstream calls are counted by the
 * providers themselves, which the app context builds with this app's metrics.
 *
 * The line records the matched route pattern rather than the raw path when there is one, since
 * some paths carry tokens (`/account/verify-email/:token`). Bodies and headers are never logged.
 * It holds only fields this middleware sets (method, route, status, time, address, request id),
 * none of them a secret, so it is written through a child without redaction: redaction walks
 * every path pattern on every line, the largest part of a line's cost. Handlers that log
 * (ctx.state.log) get a redacting child that carries the request id, made only when first used.
 */
export function koaRequestRecord(logger: Logger, metrics: Metrics): Middleware {
  const accessLog = logger.child({}, { redact: { paths: [] } });
  return async (ctx, next) => {
    // A double, where hrtime.bigint() would allocate two BigInts a request.
    const started = performance.now();
    const reqId = ctx.state.requestId;
    let log: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (log ??= logger.child({ reqId })),
      configurable: true,
      enumerable: true,
    });
    try {
      await next();
    } finally {
      const durationMs = performance.now() - started;
      const durationSeconds = durationMs / 1000;
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const { method, status } = ctx;
      metrics.recordRequest({
        method,
        route: route === undefined ? UNMATCHED_ROUTE : String(route),
        dialect: dialectForPath(ctx.path).name,
        status,
        durationSeconds,
      });
      const entry = {
        reqId,
        method,
        route: route ?? (status === 404 ? undefined : ctx.path),
        path: route ? undefined : status === 404 ? ctx.path.slice(0, 200) : undefined,
        status,
        durationMs: Math.round(durationMs * 100) / 100,
        ip: ctx.ip,
      };
      if (status >= 500) accessLog.error(entry, 'request');
      else accessLog.info(entry, 'request');
    }
  };
}
