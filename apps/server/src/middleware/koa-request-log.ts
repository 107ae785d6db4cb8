import type { Middleware } from 'koa';
import type { Logger } from '../logger';

/**
 * One line per request, written when the response is finished. It records the matched route
 * pattern rather than the raw path when there is one, since some paths carry tokens
 * (`/account/verify-email/:token`). Bodies and headers are never logged.
 */
export function koaRequestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    ctx.state.log = logger.child({ reqId: ctx.state.requestId });
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute;
      const entry = {
        method: ctx.method,
        route: route ?? (ctx.status === 404 ? undefined : ctx.path),
        path: route ? undefined : ctx.status === 404 ? ctx.path.slice(0, 200) : undefined,
        status: ctx.status,
        durationMs: Math.round(durationMs * 100) / 100,
        ip: ctx.ip,
      };
      const level = ctx.status >= 500 ? 'error' : 'info';
      ctx.state.log[level](entry, 'request');
    }
  };
}
