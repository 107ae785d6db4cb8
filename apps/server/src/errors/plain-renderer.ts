import type { ErrorRenderer } from './error-renderer';
import { messageOf } from './error-renderer';

/** Paths outside the four contracts (health checks, unknown roots): `{ error: { code, message } }`. */
const generic = {
  not_found: 'Not Found',
  method_not_allowed: 'Method Not Allowed',
  not_implemented: 'Not Implemented',
  invalid_json: 'Invalid JSON',
  unsupported_media_type: 'Unsupported Media Type',
  payload_too_large: 'Payload Too Large',
  service_unavailable: 'Service Unavailable',
  internal: 'Internal Server Error',
};

export const renderPlainError: ErrorRenderer = (error) => ({
  status: error.status,
  body: { error: { code: error.code, message: messageOf(error, generic, generic.internal) } },
});
