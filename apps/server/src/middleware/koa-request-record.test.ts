import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics/create-metrics';
import { sampleValue } from '../metrics/prometheus-text';
import { koaRequestId } from './koa-request-id';
import { UNMATCHED_ROUTE, koaRequestRecord } from './koa-request-record';

function appWithRecord() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  const metrics = createMetrics({
    logger,
    readOutboxBacklog: async () => ({ byStatus: { pending: 0, dead: 0 }, oldestPendingSeconds: 0 }),
    processMetrics: false,
  });
  const router = new Router();
  router.get('/account/verify-email/:token', (ctx) => {
    ctx.state.log.info({ token: ctx.params.token }, 'handler line');
    ctx.body = { ok: true };
  });
  router.get('/account/boom', () => {
    throw new Error('boom');
  });
  const app = new Koa();
  app.silent = true;
  app.use(koaRequestId());
  app.use(koaRequestRecord(logger, metrics));
  // As the error handler does, below the record: the record sees the status it answered.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 500;
      ctx.body = { error: 'internal' };
    }
  });
  app.use(router.routes());
  const requests = async (labels: Record<string, string>) =>
    sampleValue((await metrics.render()).body, 'wechat_bind_http_requests_total', labels) ?? 0;
  return { http: request(app.callback()), lines, requests };
}

const requestLines = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => line.msg === 'request');

describe('koaRequestRecord', () => {
  it('logs the route pattern, never the raw path, and counts the request under it', async () => {
    const { http, lines, requests } = appWithRecord();
    const response = await http
      .get('/account/verify-email/secret-token-value')
      .set('X-Request-Id', 'req-1');
    expect(response.status).toBe(200);

    const [line] = requestLines(lines);
    expect(line).toMatchObject({
      level: 30,
      reqId: 'req-1',
      method: 'GET',
      route: '/account/verify-email/:token',
      status: 200,
    });
    expect(line!.path).toBeUndefined();
    expect(typeof line!.durationMs).toBe('number');
    expect(JSON.stringify(lines.filter((entry) => entry.msg === 'request'))).not.toContain(
      'secret-token-value',
    );
    const labels = { method: 'GET', route: '/account/verify-email/:token', dialect: 'account' };
    expect(await requests({ ...labels, status: '200' })).toBe(1);
  });

  it('gives handlers a logger that carries the request id and redacts secrets', async () => {
    const { http, lines } = appWithRecord();
    await http.get('/account/verify-email/secret-token-value').set('X-Request-Id', 'req-2');
    const handlerLine = lines.find((line) => line.msg === 'handler line');
    expect(handlerLine).toMatchObject({ reqId: 'req-2', token: '[redacted]' });
  });

  it('records a failure with the status the error handler answered, at error level', async () => {
    const { http, lines, requests } = appWithRecord();
    expect((await http.get('/account/boom')).status).toBe(500);
    expect(requestLines(lines)[0]).toMatchObject({
      level: 50,
      route: '/account/boom',
      status: 500,
    });
    expect(
      await requests({ method: 'GET', route: '/account/boom', dialect: 'account', status: '500' }),
    ).toBe(1);
  });

  it('counts a path no route matched as unmatched, and logs at most 200 characters of it', async () => {
    const { http, lines, requests } = appWithRecord();
    const long = `/nowhere/${'x'.repeat(300)}`;
    expect((await http.get(long)).status).toBe(404);
    const [line] = requestLines(lines);
    expect(line!.route).toBeUndefined();
    expect(line!.path).toBe(long.slice(0, 200));
    expect(
      await requests({ method: 'GET', route: UNMATCHED_ROUTE, dialect: 'plain', status: '404' }),
    ).toBe(1);
  });
});
