import type { ErrorRenderer } from '../../errors/error-renderer';
import { messageOf } from '../../errors/error-renderer';

/**
 * 01 signed client API: `{ message }` with the documented lower-case English messages verbatim;
 * validation problems add `errors: { field: message }`.
 */
const generic = {
  not_found: 'not found',
  method_not_allowed: 'method not allowed',
  not_implemented: 'not implemented',
  invalid_json: 'invalid json',
  unsupported_media_type: 'unsupported media type',
  payload_too_large: 'request entity too large',
  service_unavailable: 'service unavailable',
  internal: 'internal server error',
};

export const renderWeixinBindingError: ErrorRenderer = (error) => {
  const errors = error.details?.errors;
  return {
    status: error.status,
    body: {
      message: messageOf(error, generic, generic.internal),
      ...(errors === undefined ? {} : { errors }),
    },
  };
};
