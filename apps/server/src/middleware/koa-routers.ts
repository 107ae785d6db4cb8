import type Router from '@koa/router';
import type { Layer } from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import compose from 'koa-compose';

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
  const routed = [...byPrefix]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .map(({ prefix, router }) => ({ prefix, handle: dispatchTo(router) }));
  const fallback = dispatchTo(otherwise);
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

/** How many paths without parameters each router keeps the match of. */
export const KEPT_MATCHES = 512;

/** What a request's method and path matched, and the chain that serves it. */
interface Match {
  /** Every layer whose path matched, whatever its methods (allowedMethods reads them). */
  matched: readonly Layer[];
  /** The route's own pattern and name, as @koa/router records them. */
  route?: { path: string; name?: string };
  /** The matched layers' middleware, each behind the step that sets its params, composed. */
  chain?: compose.ComposedMiddleware<RouterContext>;
}

type RouterContext = ParameterizedContext & Record<string, unknown>;

/**
 * A router's own middleware, as `router.routes()` does it, without its per-request work:
 * @koa/router matches every layer's pattern, builds an array of the matched layers' middleware
 * and composes it, for every request. Here each set of matched layers is composed once, and the
 * match of a path with no parameters (every hot path) is kept, up to KEPT_MATCHES paths a router
 * (paths differing only in case or a trailing slash match the same routes, so an attacker could
 * otherwise add entries without end; past the limit a path is matched on each request, as
 * before). The context gets what `routes()` sets: `matched`, `params`, `captures`, `routerPath`,
 * `routerName`, `_matchedRoute`, `_matchedRouteName`, `router`, `routeMatched`.
 */
function dispatchTo(router: Router): Middleware {
  if (router.opts.host !== undefined || router.opts.routerPath !== undefined) {
    throw new Error('koaRouters does not dispatch by host or routerPath');
  }
  const allowed = router.allowedMethods() as unknown as Middleware;
  const layerIndex = new Map<Layer, number>();
  const chains = new Map<string, compose.ComposedMiddleware<RouterContext>>();
  const kept = new Map<string, Map<string, Match>>();
  let keptCount = 0;

  const chainOf = (layers: readonly Layer[]) => {
    for (const layer of layers) {
      if (!layerIndex.has(layer)) layerIndex.set(layer, layerIndex.size);
    }
    const key = layers.map((layer) => layerIndex.get(layer)).join(',');
    let chain = chains.get(key);
    if (!chain) {
      chain = compose<RouterContext>(
        layers.flatMap((layer) => [
          enter(layer),
          ...(layer.stack as unknown as compose.Middleware<RouterContext>[]),
        ]),
      );
      chains.set(key, chain);
    }
    return chain;
  };

  const matchOf = (method: string, path: string): Match => {
    const byPath = kept.get(method);
    const known = byPath?.get(path);
    if (known) return known;
    const result = router.match(path, method);
    const routeLayer = result.route
      ? result.pathAndMethod.findLast((layer) => layer.methods.length > 0)
      : undefined;
    const match: Match = {
      matched: Object.freeze(result.path),
      route: routeLayer && { path: String(routeLayer.path), name: routeLayer.name || undefined },
      chain: result.route ? chainOf(result.pathAndMethod) : undefined,
    };
    const fixed = result.path.every((layer) => layer.paramNames.length === 0);
    if (fixed && keptCount < KEPT_MATCHES) {
      if (byPath) byPath.set(path, match);
      else kept.set(method, new Map([[path, match]]));
      keptCount += 1;
    }
    return match;
  };

  return (ctx, next) => {
    const context = ctx as RouterContext;
    const { matched, route, chain } = matchOf(ctx.method, ctx.path);
    context.matched = context.matched
      ? [...(context.matched as Layer[]), ...matched]
      : (matched as Layer[]);
    context.router = router;
    context.routeMatched = chain !== undefined;
    const afterRoutes = () => allowed(ctx, next);
    if (!chain) return afterRoutes();
    context._matchedRoute = route?.path;
    if (route?.name) context._matchedRouteName = route.name;
    return chain(context, afterRoutes);
  };
}

/** What @koa/router runs before each matched layer's middleware: its params on the context. */
function enter(layer: Layer): compose.Middleware<RouterContext> {
  const name = layer.name || undefined;
  // A string pattern without parameters captures nothing: no need to run its pattern again.
  const fixed = typeof layer.path === 'string' && layer.paramNames.length === 0;
  return (ctx, next) => {
    const captures = fixed ? [] : layer.captures(ctx.path);
    const params = layer.params(ctx.path, captures, ctx.params as Record<string, string>);
    ctx.captures = captures;
    (ctx.request as typeof ctx.request & { params?: unknown }).params = params;
    ctx.params = params;
    ctx.routerPath = layer.path;
    ctx.routerName = name;
    ctx._matchedRoute = layer.path;
    if (name) ctx._matchedRouteName = name;
    return next();
  };
}
