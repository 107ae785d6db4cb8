import type Router from '@koa/router';
import type { AppContext } from '../app-context';
import { runReadinessChecks } from '../lifecycle/readiness';

/**
 * `/healthz`: the process is up and serving. `/readyz`: it can do its work. Readiness fails (503)
 * only for what the instance cannot serve without, PostgreSQL; a Redis that is down is reported in
 * the body (`degraded`) and in the metrics, but keeps the instance in the load balancer, because
 * taking every instance out at once for a Redis blip would also stop the requests that do not
 * need Redis (docs/operations.md).
 */
export function healthRoutes(router: Router, { readiness }: Pick<AppContext, 'readiness'>): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const result = await runReadinessChecks(readiness);
    ctx.status = result.status === 'unavailable' ? 503 : 200;
    ctx.body = result;
  });
}
