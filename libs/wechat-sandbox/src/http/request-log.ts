import type { Middleware } from 'koa';

export interface SandboxLogger {
  info(message: string): void;
}

/**
 * One line per request: method, path, status, time. Only the path, never the query: the query
 * carries secrets, codes and tokens, which must not end up in logs even from a sandbox.
 */
export function requestLog(logger: SandboxLogger | undefined): Middleware {
  return async (ctx, next) => {
    if (!logger) return next();
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round(performance.now() - started);
      logger.info(`wechat-sandbox ${ctx.method} ${ctx.path} ${ctx.status} ${ms}ms`);
    }
  };
}
