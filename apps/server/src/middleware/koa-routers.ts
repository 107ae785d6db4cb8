import type Router from '@koa/router';
import type { Middleware } from 'koa';

export interface PrefixedRouter {
  prefix: string;
  router: Router;
}

export interface KoaRoutersOptions {
  /** Routers that own every path below their prefix. */
  byPrefix: PrefixedRouter[];
  /** The router for every other path. */
  otherwise: Router;
}

const owns = (prefix: string, path: string) =>
  path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/');

/**
 * Hands each request to the one router its path belongs to, chosen by prefix (longest first, so
 * `/accounts` is never taken for `/account`), instead of letting every router try to match
 * every path. That router's allowedMethods follows it: 405 with an Allow header, or 501, which
 * the error handler then words in the dialect's envelope.
 */
export function koaRouters({ byPrefix, otherwise }: KoaRoutersOptions): Middleware & {
  routers: Router[];
} {
  const stack = (router: Router): Middleware => {
    const routes = router.routes() as unknown as Middleware;
    const allowed = router.allowedMethods() as unknown as Middleware;
    return (ctx, next) => routes(ctx, () => allowed(ctx, next));
  };
  const routed = [...byPrefix]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .map(({ prefix, router }) => ({ prefix, handle: stack(router) }));
  const fallback = stack(otherwise);
  const middleware: Middleware = (ctx, next) => {
    const path = ctx.path;
    for (const { prefix, handle } of routed) {
      if (owns(prefix, path)) return handle(ctx, next);
    }
    return fallback(ctx, next);
  };
  return Object.assign(middleware, {
    routers: [...byPrefix.map(({ router }) => router), otherwise],
  });
}
