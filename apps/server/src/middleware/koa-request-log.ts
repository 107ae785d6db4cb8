import type { Middleware } from 'koa';
import type { Logger } from '../logger';

/**
 * One line per request, written when the response is finished. It records the matched route
 * pattern rather than the raw path when there is one, since some paths carry tokens
 * (`/account/verify-email/:token`). Bodies and headers are never logged.
 *
 * The line holds only fields this middleware sets (method, route, status, time, address, request
 * id), none of them a secret, so it is written through a child without redaction: redaction
 * walks every path pattern on every line, the largest part of a line's cost. Handlers that log
 * (ctx.state.log) get a redacting child that carries the request id, made only when first used.
 */
export function koaRequestLog(logger: Logger): Middleware {
  const accessLog = logger.child({}, { redact: { paths: [] } });
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
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
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute;
      const entry = {
        reqId,
        method: ctx.method,
        route: route ?? (ctx.status === 404 ? undefined : ctx.path),
        path: route ? undefined : ctx.status === 404 ? ctx.path.slice(0, 200) : undefined,
        status: ctx.status,
        durationMs: Math.round(durationMs * 100) / 100,
        ip: ctx.ip,
      };
      if (ctx.status >= 500) accessLog.error(entry, 'request');
      else accessLog.info(entry, 'request');
    }
  };
}
