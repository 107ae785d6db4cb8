import type { AccountValidationCode } from '@wechat-bind/dto';
import { ACCOUNT_ERROR_MESSAGES } from '@wechat-bind/dto';
import type Joi from 'joi';
import { RequestError } from '../../errors/request-error';
import { AccountRateLimitError, AccountRuleError } from '../../libraries/account-linking';
import { DuplicateError, NotFoundError, ValidationError } from '../../libraries/errors';
import type { InvalidInputHandler } from '../../middleware/koa-guard';

const validationFailed = (field: string, code: AccountValidationCode, cause?: unknown) =>
  new RequestError({
    code: 'validation_failed',
    status: 422,
    message: ACCOUNT_ERROR_MESSAGES.validationFailed,
    details: { error: { field, code } },
    cause,
  });

/** Absent, empty or blank: GitHub's `missing_field`, which 04's error codes follow. */
const missingTypes = new Set(['any.required', 'string.empty']);

/**
 * koaGuard's failure handler for this dialect: one field at a time (the first problem, in the
 * schema's field order), `missing_field` when absent or empty, `invalid` otherwise. A body that is
 * JSON but not an object (an array, say) has no fields to name: 400, like a body that is not JSON.
 */
export const accountInvalidInput: InvalidInputHandler = (details) => {
  const first = details[0] as Joi.ValidationErrorItem;
  if (first.path.length === 0) {
    return new RequestError({
      code: 'invalid_json',
      status: 400,
      message: ACCOUNT_ERROR_MESSAGES.bodyNotObject,
    });
  }
  return validationFailed(
    String(first.path[0]),
    missingTypes.has(first.type) ? 'missing_field' : 'invalid',
  );
};

/**
 * The libraries' domain errors in this dialect's words: a limit is 429 `Too Many Requests` with
 * Retry-After, a missing record 404 `Not Found`, a broken rule or a taken value 422 naming the
 * field. Anything else is not the dialect's to word.
 */
export function accountLinkingRequestError(error: unknown): RequestError | undefined {
  if (error instanceof AccountRateLimitError) {
    return new RequestError({
      code: 'rate_limited',
      status: 429,
      message: ACCOUNT_ERROR_MESSAGES.tooManyRequests,
      retryAfterMs: error.retryAfterMs,
      cause: error,
    });
  }
  if (error instanceof NotFoundError) {
    return new RequestError({ code: 'not_found', status: 404, cause: error });
  }
  if (error instanceof AccountRuleError) return validationFailed(error.field, error.code, error);
  if (error instanceof DuplicateError) {
    return validationFailed(error.field, 'already_exists', error);
  }
  if (error instanceof ValidationError) return validationFailed(error.field, 'invalid', error);
  return undefined;
}
