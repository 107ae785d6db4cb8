import { MY_ERROR_MESSAGES } from '@wechat-bind/dto';
import type Joi from 'joi';
import { RequestError, httpErrors } from '../../errors/request-error';
import type { WeixinBindingFailure } from '../../libraries/weixin-binding';
import { WeixinBindingError } from '../../libraries/weixin-binding';

/** 400 `invalid params` with one reason per field: `{ message, errors: { field: reason } }`. */
export function invalidParams(details: Joi.ValidationErrorItem[]): RequestError {
  const errors: Record<string, string> = {};
  for (const detail of details) {
    const field = detail.path.join('.') || 'body';
    errors[field] ??= detail.message;
  }
  return new RequestError({
    code: 'invalid_params',
    status: 400,
    message: MY_ERROR_MESSAGES.invalidParams,
    details: { errors },
  });
}

const failures: Record<
  Exclude<WeixinBindingFailure, 'not_configured' | 'store_unavailable'>,
  { status: number; message: string }
> = {
  user_not_found: { status: 404, message: MY_ERROR_MESSAGES.userNotFound },
  permission_denied: { status: 403, message: MY_ERROR_MESSAGES.permissionDenied },
  too_many_attempts: { status: 429, message: MY_ERROR_MESSAGES.tooManyRequests },
  invalid_weixin_account: { status: 400, message: MY_ERROR_MESSAGES.invalidWeixinAccount },
  weixin_unavailable: { status: 502, message: MY_ERROR_MESSAGES.weixinUnavailable },
  user_has_weixin: { status: 403, message: MY_ERROR_MESSAGES.userHasRelatedToWeixinAccount },
  weixin_has_other_user: {
    status: 403,
    message: MY_ERROR_MESSAGES.weixinAccountHasRelatedToAnotherUser,
  },
};

/**
 * The binding library's refusals in this dialect's words: 01's messages where it has one, and in
 * the same lower-case style where it has none (`permission denied`, `too many requests`, ...). A
 * server without a WeChat mobile app, or without Redis, is the server's fault: 503, logged with
 * the cause.
 */
export function weixinBindingRequestError(error: unknown): RequestError | undefined {
  if (!(error instanceof WeixinBindingError)) return undefined;
  if (error.reason === 'not_configured') {
    return httpErrors.serviceUnavailable(
      new Error('no WeChat mobile app is configured (WECHAT_MOBILE_APP)', { cause: error }),
    );
  }
  if (error.reason === 'store_unavailable') return httpErrors.serviceUnavailable(error.cause);
  const { status, message } = failures[error.reason];
  return new RequestError({
    code: error.reason,
    status,
    message,
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
  });
}
