import type { Middleware } from 'koa';
import type { ErrorDialect } from '../dialects/dialect';
import { dialectForPath } from '../dialects/registry';
import { isDependencyOutage } from '../errors/dependency-outage';
import { RequestError, httpErrors } from '../errors/request-error';
import type { Logger } from '../logger';

const unansweredErrors: Record<number, () => RequestError> = {
  404: httpErrors.notFound,
  405: httpErrors.methodNotAllowed,
  501: httpErrors.notImplemented,
};

/**
 * A library's refusal is worded by the dialect it happened in; a lost database or cache is a 503
 * whatever handler met it; anything else that is not a RequestError is a bug: a 500 that reveals
 * nothing.
 */
function toRequestError(error: unknown, dialect: ErrorDialect): RequestError {
  if (error instanceof RequestError) return error;
  const mapped = dialect.toRequestError(error);
  if (mapped) return mapped;
  return isDependencyOutage(error)
    ? httpErrors.serviceUnavailable(error)
    : httpErrors.internal(error);
}

export interface ErrorReply {
  error: RequestError;
  status: number;
  body: unknown;
  headers: Readonly<Record<string, string>>;
}

/** What the server answers at `path` for anything thrown there: the dialect's envelope and headers. */
export function errorReply(thrown: unknown, path: string): ErrorReply {
  const dialect = dialectForPath(path);
  const error = toRequestError(thrown, dialect);
  const { status, body } = dialect.render(error);
  return { error, status, body, headers: error.headers };
}

/**
 * Catches everything below it and answers in the envelope of the dialect the path belongs to,
 * with the headers the error carries. Unexpected errors are logged with their stack and answered
 * 500 without internals.
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
      const reply = errorReply(thrown, ctx.path);
      if (reply.status >= 500) {
        const log: Logger = ctx.state.log ?? fallbackLogger;
        log.error(
          { err: reply.error.cause ?? thrown, errorCode: reply.error.code },
          'request failed',
        );
      }
      ctx.status = reply.status;
      ctx.body = reply.body;
      ctx.set(reply.headers);
    }
  };
}
