import request from 'supertest';
import { createApp } from '../app';
import { uniqueMobile } from '../../test/support/test-data';
import type { AccountsKit } from '../../test/support/mini-program-kit';
import { startAccountsKit } from '../../test/support/mini-program-kit';
import { createTestContext, testConfig } from '../../test/support/test-context';
import { parseSamples, sampleValue } from './prometheus-text';

// A sandbox, an SMS webhook and many requests: more than jest's default 5 s on a busy machine.
jest.setTimeout(30_000);

describe('GET /metrics', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.control.clearFaults());

  const scrape = async (app = kit.http) => {
    const response = await app.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text;
  };
  const requests = (text: string, labels: Record<string, string>) =>
    sampleValue(text, 'wechat_bind_http_requests_total', labels) ?? 0;

  it('counts requests by method, route pattern, dialect and status, errors included', async () => {
    const before = await scrape();
    await kit.http.get('/healthz');
    await kit.http.post('/accounts/wxa_authorize').send({});
    await kit.http.post('/accounts/wxa_authorize').send({});
    await kit.http.get('/account/verify-email/some-secret-token-value');
    const after = await scrape();

    const delta = (labels: Record<string, string>) =>
      requests(after, labels) - requests(before, labels);
    expect(delta({ method: 'GET', route: '/healthz', dialect: 'plain', status: '200' })).toBe(1);
    expect(
      delta({
        method: 'POST',
        route: '/accounts/wxa_authorize',
        dialect: 'accounts',
        status: '400',
      }),
    ).toBe(2);
    expect(
      delta({
        method: 'GET',
        route: '/account/verify-email/:token',
        dialect: 'account',
        status: '404',
      }),
    ).toBe(1);
    // The token in the path is a credential: only the route pattern may reach a label.
    expect(after).not.toContain('some-secret-token-value');
    expect(
      sampleValue(after, 'wechat_bind_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/accounts/wxa_authorize',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('counts paths no route matched under one label, whatever they are', async () => {
    const before = await scrape();
    for (const path of ['/nope-1', '/nope-2', '/api/my/nope-3', '/accounts/../x']) {
      await kit.http.get(path);
    }
    const after = await scrape();
    expect(after).not.toMatch(/nope-\d/);
    const unmatched = (text: string) =>
      parseSamples(text)
        .filter(
          (sample) =>
            sample.name === 'wechat_bind_http_requests_total' &&
            sample.labels.route === 'unmatched',
        )
        .reduce((sum, sample) => sum + sample.value, 0);
    expect(unmatched(after) - unmatched(before)).toBe(4);
  });

  it('counts upstream calls by provider, endpoint and result, each retry included', async () => {
    const before = await scrape();
    await kit.control.addFault({ endpoint: '/sns/jscode2session', kind: 'errcode', errcode: -1 });
    const user = await kit.newWechatUser();
    expect(
      (await kit.http.post('/accounts/wxa_authorize').send(await kit.authorizeBody(user))).status,
    ).toBe(200);
    await kit.control.addFault({ endpoint: '/sns/jscode2session', kind: 'garbage' });
    const garbage = await kit.http
      .post('/accounts/wxa_authorize')
      .send(await kit.authorizeBody(await kit.newWechatUser()));
    expect(garbage.status).toBe(502);
    const after = await scrape();

    const calls = (text: string, result: string) =>
      sampleValue(text, 'wechat_bind_upstream_calls_total', {
        provider: 'wechat',
        endpoint: '/sns/jscode2session',
        result,
      }) ?? 0;
    expect(calls(after, 'api_error') - calls(before, 'api_error')).toBe(1);
    expect(calls(after, 'ok') - calls(before, 'ok')).toBe(1);
    expect(calls(after, 'bad_response') - calls(before, 'bad_response')).toBe(1);
    expect(
      sampleValue(after, 'wechat_bind_upstream_call_duration_seconds_count', {
        provider: 'wechat',
        endpoint: '/sns/jscode2session',
      }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('counts rate-limit rejections by route', async () => {
    const labels = { route: '/accounts/send_verify_code', dialect: 'accounts' };
    const before =
      sampleValue(await scrape(), 'wechat_bind_rate_limit_rejections_total', labels) ?? 0;
    const { openid } = await kit.signIn(await kit.newWechatUser());
    const body = { auth_app_id: kit.appId, ...kit.proof(openid), mobile: uniqueMobile() };
    expect((await kit.http.post('/accounts/send_verify_code').send(body)).status).toBe(200);
    expect((await kit.http.post('/accounts/send_verify_code').send(body)).status).toBe(429);
    const after = sampleValue(await scrape(), 'wechat_bind_rate_limit_rejections_total', labels);
    expect(after).toBe(before + 1);
  });

  it('reports the outbox backlog: pending and dead rows, and the age of the oldest pending', async () => {
    const { OutboxMessage } = kit.context.models;
    const hourAgo = new Date(Date.now() - 3_600_000);
    // A kind no worker delivers, so the rows stay where they are put until the test removes them.
    const rows = await OutboxMessage.bulkCreate([
      { kind: 'metrics-test', payload: {}, createdAt: hourAgo },
      { kind: 'metrics-test', payload: {}, status: 'dead' },
    ]);
    try {
      const text = await scrape();
      expect(
        sampleValue(text, 'wechat_bind_outbox_messages', { status: 'pending' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sampleValue(text, 'wechat_bind_outbox_messages', { status: 'dead' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sampleValue(text, 'wechat_bind_outbox_oldest_pending_age_seconds'),
      ).toBeGreaterThanOrEqual(3_500);
    } finally {
      await OutboxMessage.destroy({ where: { id: rows.map((row) => row.id) } });
    }
  });

  it('includes the process metrics', async () => {
    const text = await scrape();
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps one registry per app: two apps on one store count separately', async () => {
    const first = request(createApp(kit.context.deps).callback());
    const second = request(createApp(kit.context.deps).callback());
    await first.get('/healthz');
    await first.get('/healthz');
    const labels = { method: 'GET', route: '/healthz', status: '200' };
    expect(requests(await scrape(first), labels)).toBe(2);
    expect(requests(await scrape(second), labels)).toBe(0);
  });
});

describe('who may read /metrics', () => {
  const TOKEN = 'a-metrics-token-for-tests-0001';

  async function appWith(config: Record<string, string>) {
    const context = await createTestContext({ config });
    return { context, http: request(context.app.callback()) };
  }

  it('with METRICS_TOKEN: 401 in the plain envelope without it, 200 with it', async () => {
    const { context, http } = await appWith({ METRICS_TOKEN: TOKEN });
    try {
      const refused = await http.get('/metrics');
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused.body).toEqual({
        error: { code: 'unauthorized', message: 'A metrics token is required' },
      });
      const wrong = await http.get('/metrics').set('Authorization', `Bearer ${TOKEN}0`);
      expect(wrong.status).toBe(401);
      const allowed = await http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('wechat_bind_http_requests_total');
      // The token is a secret: it never reaches the log.
      expect(context.logLines.join('')).not.toContain(TOKEN);
    } finally {
      await context.close();
    }
  });

  it('with METRICS_ALLOW_IPS and TRUST_PROXY, believes X-Forwarded-For only then', async () => {
    const trusted = await appWith({ METRICS_ALLOW_IPS: '10.0.0.0/8', TRUST_PROXY: 'true' });
    const untrusted = await appWith({ METRICS_ALLOW_IPS: '10.0.0.0/8' });
    try {
      expect((await trusted.http.get('/metrics').set('X-Forwarded-For', '10.1.1.1')).status).toBe(
        200,
      );
      expect((await trusted.http.get('/metrics').set('X-Forwarded-For', '8.8.8.8')).status).toBe(
        403,
      );
      const forged = await untrusted.http.get('/metrics').set('X-Forwarded-For', '10.1.1.1');
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({
        error: { code: 'forbidden', message: 'Metrics are not served to this address' },
      });
    } finally {
      await trusted.context.close();
      await untrusted.context.close();
    }
  });

  it('is not served in production unless configured', async () => {
    const { context } = await appWith({});
    try {
      const production = createApp({
        ...context.deps,
        config: { ...testConfig(), nodeEnv: 'production' },
      });
      const response = await request(production.callback()).get('/metrics');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    } finally {
      await context.close();
    }
  });
});
