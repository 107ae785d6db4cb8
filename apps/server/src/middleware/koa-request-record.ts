import type { Middleware } from 'koa';
import { dialectForPath } from '../dialects/registry';
import { accessLineWriter } from '../access-line';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/create-metrics';

/** What requests that matched no route are counted as: raw paths would let anyone add series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * What a request carries for the handlers below this middleware: its id, and a logger that
 * carries that id and redacts secrets, made only when a handler first logs (most requests never
 * do). A class rather than a property defined on Koa's plain `ctx.state` for every request.
 */
class RequestState {
  private handlerLog: Logger | undefined;
  constructor(
    readonly requestId: string,
    private readonly logger: Logger,
  ) {}

  get log(): Logger {
    return (this.handlerLog ??= this.logger.child({ reqId: this.requestId }));
  }
}

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
 * none of them a secret, so it is written without redaction (access-line.ts). Handlers that log
 * (ctx.state.log) get a redacting child that carries the request id.
 */
export function koaRequestRecord(logger: Logger, metrics: Metrics): Middleware {
  const writeLine = accessLineWriter(logger);
  return async (ctx, next) => {
    // A double, where hrtime.bigint() would allocate two BigInts a request.
    const started = performance.now();
    const reqId = (ctx.state as { requestId: string }).requestId;
    ctx.state = new RequestState(reqId, logger);
    try {
      await next();
    } finally {
      const durationMs = performance.now() - started;
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const route = matched === undefined ? undefined : String(matched);
      const { method, status } = ctx;
      const path = ctx.path;
      metrics.recordRequest({
        method,
        route: route ?? UNMATCHED_ROUTE,
        dialect: dialectForPath(path).name,
        status,
        durationSeconds: durationMs / 1000,
      });
      writeLine(status >= 500 ? 'error' : 'info', {
        reqId,
        method,
        route: route ?? (status === 404 ? undefined : path),
        path: route === undefined && status === 404 ? path.slice(0, 200) : undefined,
        status,
        durationMs: Math.round(durationMs * 100) / 100,
        ip: ctx.ip,
      });
    }
  };
}
