import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { RequestError } from '../errors/request-error';
import { httpErrors } from '../errors/request-error';

export interface KoaBodyOptions {
  limit: string;
  /**
   * POST paths whose route reads a multipart/form-data body itself, streaming it under limits of
   * its own: the avatar upload, which `wx.uploadFile` can only send that way.
   */
  multipartPaths?: readonly string[];
}

const MULTIPART_PATHS: readonly string[] = ['/accounts/me/avatar'];

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return Boolean(headers['transfer-encoding']) || (length !== undefined && length !== '0');
}

/** co-body reports a body over the limit as 413, an unknown charset as 415, anything else as 400. */
function parseFailure(error: unknown): RequestError {
  const status = (error as { status?: number }).status;
  if (status === 413) return httpErrors.payloadTooLarge();
  if (status === 415) return httpErrors.unsupportedMediaType();
  return httpErrors.invalidJson(error);
}

/**
 * JSON (and form) bodies only, objects or arrays, within the size limit. The raw text is kept on
 * `ctx.request.rawBody` because Caa signatures are computed over the bytes as sent. A body in any
 * other media type is refused with 415 rather than silently ignored, except multipart on the few
 * routes that read it themselves (`multipartPaths`).
 */
export function koaBody({ limit, multipartPaths = MULTIPART_PATHS }: KoaBodyOptions): Middleware {
  const parse = bodyParser({
    enableTypes: ['json', 'form'],
    jsonStrict: true,
    jsonLimit: limit,
    formLimit: limit,
  });
  const parseThenNext: Middleware = async (ctx, next) => {
    if (
      ctx.method === 'POST' &&
      multipartPaths.includes(ctx.path) &&
      ctx.is('multipart/form-data')
    ) {
      await next();
      return;
    }
    if (hasBody(ctx.req.headers) && !ctx.is('json', 'urlencoded')) {
      throw httpErrors.unsupportedMediaType();
    }
    try {
      await parse(ctx, async () => undefined);
    } catch (error) {
      throw parseFailure(error);
    }
    await next();
  };
  // The parser reads POST, PUT and PATCH bodies only; anything else goes straight on, as it would
  // through the parser, without the parser's promise.
  return (ctx, next) => (bodyMethods.has(ctx.method) ? parseThenNext(ctx, next) : next());
}
