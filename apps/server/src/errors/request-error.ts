/**
 * The one error type handlers throw. `code` is stable (tests and clients can rely on it),
 * `status` is the HTTP status, `message` is safe to show, `details` carries structured data a
 * dialect may render (validation problems per field, for example). Each dialect's renderer
 * decides the body; handlers never build error bodies by hand.
 */
export type ErrorDetails = Record<string, unknown>;

export interface RequestErrorOptions {
  code: string;
  status: number;
  message?: string;
  details?: ErrorDetails;
  cause?: unknown;
}

export class RequestError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: ErrorDetails;
  /** False when no message was given: the dialect then uses its own wording for `code`. */
  readonly hasOwnMessage: boolean;

  constructor({ code, status, message, details, cause }: RequestErrorOptions) {
    super(message ?? code, { cause });
    this.name = 'RequestError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.hasOwnMessage = message !== undefined;
  }
}

/** Errors the HTTP layer raises on its own, before any handler runs. */
export const httpErrors = {
  notFound: () => new RequestError({ code: 'not_found', status: 404 }),
  methodNotAllowed: () => new RequestError({ code: 'method_not_allowed', status: 405 }),
  notImplemented: () => new RequestError({ code: 'not_implemented', status: 501 }),
  invalidJson: (cause?: unknown) => new RequestError({ code: 'invalid_json', status: 400, cause }),
  unsupportedMediaType: () => new RequestError({ code: 'unsupported_media_type', status: 415 }),
  payloadTooLarge: () => new RequestError({ code: 'payload_too_large', status: 413 }),
  serviceUnavailable: (cause?: unknown) =>
    new RequestError({ code: 'service_unavailable', status: 503, cause }),
  internal: (cause?: unknown) => new RequestError({ code: 'internal', status: 500, cause }),
};

export type GenericErrorCode = ReturnType<(typeof httpErrors)[keyof typeof httpErrors]>['code'];
