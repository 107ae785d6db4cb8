import type { Middleware } from 'koa';
import type { Logger } from '../logger';

export const FORWARDED_FOR_WARNING =
  'requests arrive with X-Forwarded-For while TRUST_PROXY is off: every client behind that proxy ' +
  'shares its address, for per-address limits and the audit log alike. If a proxy you run sets ' +
  'the header, set TRUST_PROXY=true; if not, ignore this.';

/**
 * With TRUST_PROXY off the header is rightly ignored, but if it comes from a load balancer of the
 * operator's own, every client appears as the balancer: one client's failures count against all.
 * The header can also be a client's own invention, so this only tells the operator, once per
 * process, and changes nothing.
 */
export function koaForwardedForWarning({
  trustProxy,
  logger,
}: {
  trustProxy: boolean;
  logger: Logger;
}): Middleware {
  let warned = trustProxy;
  // Not async: it only passes the request on (as koa-request-id explains).
  return (ctx, next) => {
    if (!warned && ctx.get('x-forwarded-for') !== '') {
      warned = true;
      logger.warn({ ip: ctx.ip }, FORWARDED_FOR_WARNING);
    }
    return next();
  };
}
