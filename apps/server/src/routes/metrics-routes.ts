import Router from '@koa/router';
import { RequestError } from '../errors/request-error';
import type { Metrics } from '../metrics/create-metrics';
import type { MetricsAccess } from '../metrics/metrics-access';

const refusals = {
  unauthorized: () =>
    new RequestError({ code: 'unauthorized', status: 401, message: 'A metrics token is required' }),
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
export function createMetricsRoutes(metrics: Metrics, access: MetricsAccess): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    const verdict = access({ ip: ctx.ip, authorization: ctx.get('authorization') || undefined });
    if (verdict !== 'allowed') {
      if (verdict === 'unauthorized') ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw refusals[verdict]();
    }
    const { contentType, body } = await metrics.render();
    ctx.type = contentType;
    ctx.body = body;
  });
  return router;
}
