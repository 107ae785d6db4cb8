import type { Middleware } from 'koa';
import { isDependencyOutage } from '../errors/dependency-outage';
import { dialectForPath } from '../dialects/registry';
import { errorRenderers } from '../dialects/renderers';
import { RequestError, httpErrors } from '../errors/request-error';
import type { Logger } from '../logger';

const unansweredErrors: Record<number, () => RequestError> = {
  404: httpErrors.notFound,
  405: httpErrors.methodNotAllowed,
  501: httpErrors.notImplemented,
};

/**
 * A lost database or cache is a 503 whatever handler met it; anything else that is not a
 * RequestError is a bug: a 500 that reveals nothing.
 */
function toRequestError(error: unknown): RequestError {
  if (error instanceof RequestError) return error;
  return isDependencyOutage(error)
    ? httpErrors.serviceUnavailable(error)
    : httpErrors.internal(error);
}

/**
 * Catches everything below it and answers in the envelope of the dialect the path belongs to.
 * Unexpected errors are logged with their stack and answered 500 without internals.
 */
export function koaErrorHandler(fallbackLogger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // Nothing answered (404), or the router found the path but not the method (405, with its
      // Allow header already set) or does not know the method at all (501).
      if (ctx.body === undefined || ctx.body === null) {
        const unanswered = unansweredErrors[ctx.status];
        if (unanswered) throw unanswered();
      }
    } catch (thrown) {
      const error = toRequestError(thrown);
      const log: Logger = ctx.state.log ?? fallbackLogger;
      if (error.status >= 500) {
        log.error({ err: error.cause ?? thrown, errorCode: error.code }, 'request failed');
      }
      const rendered = errorRenderers[dialectForPath(ctx.path)](error);
      ctx.status = rendered.status;
      ctx.body = rendered.body;
    }
  };
}
