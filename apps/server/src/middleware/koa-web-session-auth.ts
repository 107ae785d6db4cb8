import type { Context, Middleware } from 'koa';
import type { RequestError } from '../errors/request-error';
import type { SessionStore, WebSession } from '../libraries/web-sessions';

declare module 'koa' {
  interface DefaultState {
    /** Set by koaWebSessionAuth once the request's session cookie checks out. */
    webSession?: WebSession;
  }
}

/** The session cookie: httpOnly, SameSite=Lax, Path = the API prefix, Secure behind HTTPS. */
export const WEB_SESSION_COOKIE = 'wb_session';
/**
 * The sign-in cookie: a random value naming this browser while it signs in, so an SMS code or an
 * OAuth state is good in the browser that asked for it only. Replaced at every sign-in.
 */
export const WEB_SIGN_IN_COOKIE = 'wb_signin';
/** The header the page sends the session's CSRF token in, on every change. */
export const CSRF_HEADER = 'x-csrf-token';

export interface WebCookieSettings {
  /** The API prefix: the cookies go nowhere else (not to the page, not to other dialects). */
  path: string;
  /** Production: always Secure (TLS may end at a proxy the server does not trust to say so). */
  production: boolean;
  /** PUBLIC_URL: its origin is where the page is, besides the origin the request names. */
  publicUrl: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets or clears one of the page's cookies. Lax rather than Strict: a person following a link
 * to the page from elsewhere is still signed in, and Lax already keeps the cookie off every
 * cross-site POST, PUT and DELETE; the CSRF token and the Origin check guard changes anyway.
 */
export function setWebCookie(
  ctx: Context,
  settings: WebCookieSettings,
  name: string,
  value: string | null,
  maxAgeSeconds?: number,
): void {
  const secure = settings.production || ctx.secure;
  // Koa refuses a Secure cookie on what it believes is plain HTTP; in production it is sent
  // anyway, so TLS ended at an untrusted proxy still gets a Secure cookie.
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: settings.path,
    overwrite: true,
    ...(value !== null && maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds * 1000 } : {}),
  });
}

/**
 * A change must come from the page's own origin: the `Origin` header (which browsers send with
 * every POST, PUT and DELETE and which a page cannot forge) names this server's origin or
 * PUBLIC_URL's. Without one, it is refused: a browser always sends it, and other clients use a
 * token, not the cookie.
 */
export function isSameOrigin(
  ctx: Pick<Context, 'get' | 'protocol' | 'host'>,
  publicUrl: string,
): boolean {
  const origin = ctx.get('origin');
  if (!origin) return false;
  // Built from the protocol and Host as Koa sees them (X-Forwarded-* with TRUST_PROXY only).
  return origin === `${ctx.protocol}://${ctx.host}` || origin === new URL(publicUrl).origin;
}

/** Refuses a change from another origin; a safe method passes. */
export function koaSameOrigin(
  settings: WebCookieSettings,
  onForbidden: () => RequestError,
): Middleware {
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method) && !isSameOrigin(ctx, settings.publicUrl)) {
      throw onForbidden();
    }
    await next();
  };
}

/**
 * The web page's session cookie as an alternative to a bearer token. No cookie, or one naming no
 * live session: `onUnauthenticated`. A change (anything but GET and HEAD) must also come from the
 * page's origin and carry the session's CSRF token in `X-CSRF-Token` (compared in constant time):
 * else `onForbidden`, and nothing runs.
 */
export function koaWebSessionAuth(
  sessions: SessionStore,
  settings: WebCookieSettings,
  {
    onUnauthenticated,
    onForbidden,
  }: { onUnauthenticated: () => RequestError; onForbidden: () => RequestError },
): Middleware {
  return async (ctx, next) => {
    const cookie = ctx.cookies.get(WEB_SESSION_COOKIE);
    const session = cookie ? await sessions.find(cookie) : null;
    // The same 401 as a missing token's: a client without a cookie is told how to authenticate.
    if (!cookie || !session) throw onUnauthenticated().withHeader('WWW-Authenticate', 'Bearer');
    if (!SAFE_METHODS.has(ctx.method)) {
      const presented = ctx.get(CSRF_HEADER);
      const proven =
        isSameOrigin(ctx, settings.publicUrl) && sessions.csrfMatches(cookie, presented);
      if (!proven) throw onForbidden();
    }
    ctx.state.webSession = session;
    await next();
  };
}

/**
 * A bearer token when the request carries an `Authorization` header (operators' scripts, the
 * page's token sign-in), else the session cookie. A request with a header is judged by it alone,
 * so a wrong token never falls back to a cookie the browser happened to send.
 */
export function koaBearerOrWebSession(bearer: Middleware, session: Middleware): Middleware {
  return (ctx, next) => (ctx.get('authorization') ? bearer(ctx, next) : session(ctx, next));
}
