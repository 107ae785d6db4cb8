/**
 * Route descriptions shared by every dialect: a method and a path pattern, so that clients and
 * the server name an endpoint once instead of repeating its path as a string literal.
 *
 * Path patterns use the `:name` parameter syntax that `@koa/router` understands, so the server can
 * register `route.path` directly and a client can fill it with {@link buildPath}.
 */

/** The HTTP methods the documented endpoints use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One endpoint: its method and its path pattern (for example `/account/verify-email/:token`). */
export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
}

/**
 * The `:name` parameters of a path pattern, as a union of their names.
 *
 * `PathParamNames<'/a/:type/b/:id'>` is `'type' | 'id'`; a path without parameters gives `never`.
 */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The values {@link buildPath} needs for a path pattern: one string per `:name` parameter. */
export type PathParams<P extends string> = { readonly [K in PathParamNames<P>]: string };

const PARAM_PATTERN = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Fill a path pattern's `:name` parameters, each value URL-encoded as one path segment.
 *
 * ```ts
 * buildPath(ADMINISTRATOR_ROUTES.updateOAuthBinding.path, { type: 'WECHAT' });
 * // '/api/administrator/user/oauth-binding/WECHAT'
 * buildPath(ACCOUNTS_ROUTES.me.path); // '/accounts/me'
 * ```
 *
 * Throws a plain `Error` when a parameter the pattern names has no value (only reachable when the
 * compile-time check is bypassed, for example from JavaScript).
 */
export function buildPath<P extends string>(
  path: P,
  ...args: [PathParamNames<P>] extends [never] ? [] : [params: PathParams<P>]
): string {
  const params: Readonly<Record<string, string | undefined>> = args[0] ?? {};
  return path.replace(PARAM_PATTERN, (_match, name: string) => {
    const value = params[name];
    if (typeof value !== 'string') {
      throw new Error(`buildPath: missing value for :${name} in ${path}`);
    }
    return encodeURIComponent(value);
  });
}
