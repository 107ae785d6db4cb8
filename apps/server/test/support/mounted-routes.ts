import type Router from '@koa/router';
import type Koa from 'koa';

/** One endpoint: `GET /account/verify-email/{token}` (OpenAPI's `{param}` form). */
export interface Endpoint {
  method: string;
  path: string;
}

const toOpenApiPath = (path: string) => {
  const templated = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
  return templated.length > 1 ? templated.replace(/\/+$/, '') : templated;
};

/**
 * Every endpoint the app's routers serve, read from the routers themselves (a router's dispatch
 * middleware carries it as `.router`, koaRouters its routers as `.routers`), so nothing can be
 * mounted without showing here.
 * HEAD is left out: the router answers it for every GET route on its own.
 */
export function mountedEndpoints(app: Koa): Endpoint[] {
  const endpoints = new Map<string, Endpoint>();
  const routers = app.middleware.flatMap((middleware) => {
    const { router, routers: many } = middleware as { router?: Router; routers?: Router[] };
    return many ?? (router ? [router] : []);
  });
  for (const router of routers) {
    for (const layer of router.stack) {
      for (const method of layer.methods) {
        if (method === 'HEAD') continue;
        const endpoint = { method, path: toOpenApiPath(String(layer.path)) };
        endpoints.set(`${method} ${endpoint.path}`, endpoint);
      }
    }
  }
  return [...endpoints.values()];
}
