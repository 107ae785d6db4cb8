import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A caller's id is echoed only when it is short and plain, so it cannot smuggle text into logs.
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts the caller's X-Request-Id (or makes one), keeps it on ctx.state and echoes it. */
export function koaRequestId(): Middleware {
  // Not async: a middleware that only passes the request on returns next()'s promise itself,
  // sparing every request a promise and a turn of the microtask queue.
  return (ctx, next) => {
    const given = ctx.get(REQUEST_ID_HEADER);
    const id = acceptable.test(given) ? given : randomUUID();
    ctx.state.requestId = id;
    ctx.res.setHeader(REQUEST_ID_HEADER, id); // as koa-security-headers explains
    return next();
  };
}
