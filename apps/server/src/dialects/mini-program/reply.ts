import type { AccountsSuccess } from '@wechat-bind/dto';
import { ACCOUNTS_OK_MESSAGE } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import { RequestError } from '../../errors/request-error';

/** The document's success envelope around `data`. */
export const accountsOk = <T>(data: T): AccountsSuccess<T> => ({
  data,
  status: { code: 200, message: ACCOUNTS_OK_MESSAGE },
  success: true,
});

/**
 * A 429 says how long to wait in its message and, for programs, in `Retry-After` (seconds). The
 * envelope has no field for it, so the header is set here, before the error handler renders it.
 */
export function koaRetryAfter(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const seconds = error instanceof RequestError ? error.details?.retryAfterSeconds : undefined;
      if (typeof seconds === 'number') ctx.set('Retry-After', String(seconds));
      throw error;
    }
  };
}
