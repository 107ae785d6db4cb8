import { retryAfterSeconds } from '../libraries/retry-after';

/**
 * The one error type the HTTP layer renders. `code` is stable (tests and clients can rely on it),
 * `status` is the HTTP status, `message` is safe to show, `details` carries structured data a
 * dialect may render (validation problems per field, for example). Headers travel on the error,
 * as in koa's own `ctx.throw`: the error handler sets `headers` and `Retry-After` on the reply.
 * Each dialect's renderer decides the body; handlers never build error bodies by hand.
 */
export type ErrorDetails = Record<string, unknown>;

export interface RequestErrorOptions {
  code: string;
  status: number;
  message?: string;
  details?: ErrorDetails;
  /** For a limit: how long until the caller may try again; sent as `Retry-After` in seconds. */
  retryAfterMs?: number;
  /** Other headers the reply carries (`WWW-Authenticate`, say). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class RequestError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: ErrorDetails;
  readonly retryAfterSeconds?: number;
  private readonly ownHeaders: Record<string, string>;
  /** False when no message was given: the dialect then uses its own wording for `code`. */
  readonly hasOwnMessage: boolean;

  constructor({
    code,
    status,
    message,
    details,
    retryAfterMs,
    headers,
    cause,
  }: RequestErrorOptions) {
    super(message ?? code, { cause });
    this.name = 'RequestError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds =
      retryAfterMs === undefined ? undefined : retryAfterSeconds(retryAfterMs);
    this.ownHeaders = { ...headers };
    this.hasOwnMessage = message !== undefined;
  }

  /** The headers the reply carries, `Retry-After` included. */
  get headers(): Readonly<Record<string, string>> {
    return this.retryAfterSeconds === undefined
      ? this.ownHeaders
      : { ...this.ownHeaders, 'Retry-After': String(this.retryAfterSeconds) };
  }

  /** Adds a header for the reply: a middleware's own (`WWW-Authenticate`) on a dialect's error. */
  withHeader(name: string, value: string): this {
    this.ownHeaders[name] = value;
    return this;
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
