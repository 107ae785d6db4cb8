/**
 * Why a call to the administrator API failed:
 * - `http`: the server answered in its envelope with an error status (`status`, `msg`, and for a
 *   validation failure the messages per field);
 * - `network`: no answer at all (offline, server down, connection cut);
 * - `unexpected`: an answer that is not the API's envelope (a proxy's HTML error page, say).
 */
export type ApiErrorKind = 'http' | 'network' | 'unexpected';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  status?: number;
  /** The envelope's `msg`, as the server wrote it. */
  msg?: string;
  fields?: Record<string, string[]>;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly msg?: string;
  readonly fields?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor({ kind, status, msg, fields, retryAfterSeconds, cause }: ApiErrorInit) {
    super(msg ?? `${kind} error${status === undefined ? '' : ` (HTTP ${status})`}`, { cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.msg = msg;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** `Retry-After` in seconds (the server sends seconds); an HTTP date or nonsense: undefined. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
