import type Router from '@koa/router';
import type { AppContext } from '../app-context';
import { RequestError } from '../errors/request-error';

const refusals = {
  unauthorized: () =>
    new RequestError({
      code: 'unauthorized',
      status: 401,
      message: 'A metrics token is required',
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
    }),
  forbidden: () =>
    new RequestError({
      code: 'forbidden',
      status: 403,
      message: 'Metrics are not served to this address',
    }),
  disabled: () => new RequestError({ code: 'not_found', status: 404 }),
};

/**
 * `GET /metrics`: Prometheus text exposition of this app's metrics, for those `access` lets in
 * (docs/operations.md, "Metrics"). Refusals use the plain envelope like every path outside the
 * four contracts.
 */
export function metricsRoutes(router: Router, context: Pick<AppContext, 'metrics'>): void {
  const { metrics, access } = context.metrics;
  router.get('/metrics', async (ctx) => {
    const verdict = access({ ip: ctx.ip, authorization: ctx.get('authorization') || undefined });
    if (verdict !== 'allowed') throw refusals[verdict]();
    const { contentType, body } = await metrics.render();
    ctx.type = contentType;
    ctx.body = body;
  });
}
