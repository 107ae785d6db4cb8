import type { ErrorRenderer } from '../../errors/error-renderer';
import { messageOf } from '../../errors/error-renderer';

/**
 * 04 account linking: `{ message }`, plus `error: { field, code }` for 422 validation failures.
 * The document's wording ("Problems parsing JSON", "Not Found", "Validation Failed").
 */
const generic = {
  not_found: 'Not Found',
  method_not_allowed: 'Method Not Allowed',
  not_implemented: 'Not Implemented',
  invalid_json: 'Problems parsing JSON',
  unsupported_media_type: 'Unsupported Media Type',
  payload_too_large: 'Payload Too Large',
  service_unavailable: 'Service Unavailable',
  internal: 'Internal Server Error',
};

export const renderAccountError: ErrorRenderer = (error) => {
  const fieldError = error.details?.error;
  return {
    status: error.status,
    body: {
      message: messageOf(error, generic, generic.internal),
      ...(fieldError === undefined ? {} : { error: fieldError }),
    },
  };
};
