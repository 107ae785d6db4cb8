import type { Context } from 'koa';

/**
 * A query parameter as one string. WeChat treats an empty value like a missing one ("appid=" is
 * "appid missing"), and a repeated parameter is taken at its first value.
 */
export function queryParam(ctx: Context, name: string): string | undefined {
  const raw = ctx.query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value === '' ? undefined : value;
}

/** The parsed JSON body if it is an object; undefined for no body, bad JSON, arrays or scalars. */
export function jsonObjectBody(ctx: Context): Record<string, unknown> | undefined {
  const body: unknown = ctx.request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/** True when the request carried bytes that did not parse (see the body parser's onError). */
export function bodyWasUnparsable(ctx: Context): boolean {
  return ctx.state.bodyParseFailed === true;
}

/** A string field of a body, treating "" as missing like queryParam does. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A parameter of a browser request: the form body for POST, the query string otherwise. */
export function browserParam(ctx: Context, name: string): string | undefined {
  if (ctx.method === 'POST') {
    const body = jsonObjectBody(ctx);
    return body ? stringField(body, name) : undefined;
  }
  return queryParam(ctx, name);
}
