import { errorReply } from '../../src/middleware/koa-error-handler';

/** A reply as the server sends it for an error: status, body and the headers the error carries. */
export interface RenderedDialectError {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * What the server answers at `path` for `error`, thrown by a handler: a library's domain error in
 * the words of the path's dialect, in that dialect's envelope, with its Retry-After. For clients'
 * tests that cover every refusal without standing up the app.
 */
export function renderDialectError(path: string, error: unknown): RenderedDialectError {
  const { status, body, headers } = errorReply(error, path);
  return { status, body, headers: { ...headers } };
}
