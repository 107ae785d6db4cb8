import type { Middleware } from 'koa';
import { httpErrors } from '../errors/request-error';

export interface ConcurrencyLimitOptions {
  /** Requests handled at once; the rest wait their turn, first come first served. */
  max: number;
  /** How long a request may wait for its turn before it is answered 503. */
  queueTimeoutMs: number;
  /** Paths that never wait (health checks must answer while the queue is long). */
  exempt?: (path: string) => boolean;
}

/**
 * Admission control: at most `max` requests are being handled at any moment. Without it, a burst
 * (thousands of first sign-ins at once) puts every request's work on the event loop together, and
 * the database pool and Redis time out on requests that were merely queued behind the others.
 * With it, each admitted request runs at full speed and the rest wait before they have taken a
 * connection or any memory beyond their socket; the total work is the same, finished in order.
 */
export function koaConcurrencyLimit({
  max,
  queueTimeoutMs,
  exempt = () => false,
}: ConcurrencyLimitOptions): Middleware {
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finishing request hands its place straight to the next one in line.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const turn = () =>
    new Promise<boolean>((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(admit), 1);
        resolve(false);
      }, queueTimeoutMs);
      waiting.push(admit);
    });

  return async (ctx, next) => {
    if (exempt(ctx.path)) return next();
    if (active < max) active += 1;
    else if (!(await turn())) {
      throw httpErrors.serviceUnavailable(
        new Error(`waited ${queueTimeoutMs} ms for one of ${max} request slots`),
      );
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
