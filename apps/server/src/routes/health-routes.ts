import Router from '@koa/router';
import type { ReadinessCheck } from '../lifecycle/readiness';
import { runReadinessChecks } from '../lifecycle/readiness';

/**
 * `/healthz`: the process is up and serving. `/readyz`: it can do its work, i.e. PostgreSQL and
 * Redis both answer; 503 otherwise, so a load balancer stops sending traffic here.
 */
export function createHealthRoutes(checks: Record<string, ReadinessCheck>): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const result = await runReadinessChecks(checks);
    ctx.status = result.status === 'ok' ? 200 : 503;
    ctx.body = result;
  });
  return router;
}
