import type { Middleware } from 'koa';

export interface SecurityHeadersOptions {
  /**
   * Send Strict-Transport-Security on every reply (production, where the server is reached over
   * HTTPS through its load balancer). Requests Koa sees as HTTPS get it regardless.
   */
  hsts: boolean;
}

/**
 * The replies are JSON for programs: nothing may be loaded, framed or run from them, whatever a
 * browser is tricked into believing they are.
 */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The /docs page runs Swagger UI from this server's own files: scripts and styles from here (its
 * styles are partly inline), its icons as data: URIs, and the spec fetched from here.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const isDocsPath = (path: string) => path === '/docs' || path.startsWith('/docs/');

/**
 * Headers every reply carries, errors included (they are set before anything below runs): no MIME
 * sniffing, no framing, no referrer, a CSP, HSTS where HTTPS is in use, and no caching of replies
 * that hold accounts and tokens unless a route says otherwise (the /docs assets do).
 */
export function koaSecurityHeaders({ hsts }: SecurityHeadersOptions): Middleware {
  const always: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cache-Control', 'no-store'],
  ];
  // Not async: it only passes the request on (as koa-request-id explains). The headers go to
  // Node's response directly: ctx.set builds arrays of every name and value it is given, the
  // largest share of what a light request allocates, and these are plain strings.
  return (ctx, next) => {
    const { res } = ctx;
    for (const [name, value] of always) res.setHeader(name, value);
    res.setHeader(
      'Content-Security-Policy',
      isDocsPath(ctx.path) ? DOCS_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY,
    );
    if (hsts || ctx.secure) {
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    return next();
  };
}
