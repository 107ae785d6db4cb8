import type { RequestError } from './request-error';

export interface RenderedError {
  status: number;
  body: unknown;
}

export type ErrorRenderer = (error: RequestError) => RenderedError;

/** A dialect's own wording for the errors the HTTP layer raises, keyed by error code. */
export type GenericMessages = Record<string, string>;

export function messageOf(error: RequestError, generic: GenericMessages, fallback: string): string {
  if (error.hasOwnMessage) return error.message;
  return generic[error.code] ?? fallback;
}
