import request from 'supertest';
import { closedPort } from '../test/support/closed-port';
import { createApp } from './app';
import { seedMiniProgramApps } from './libraries/mini-program-apps';
import type { Redis } from './redis/create-redis';
import { createRedisClient } from './redis/create-redis';
import { createSequelize } from './store/database';
import type { TestContext } from '../test/support/test-context';
import { createTestContext } from '../test/support/test-context';

describe('the app', () => {
  let context: TestContext;
  // Clients pointed at a closed port reconnect until told to stop; stop them even when a test fails.
  const opened: Redis[] = [];
  let deadPort: number;
  const unreachableRedis = () => {
    const client = createRedisClient(`redis://127.0.0.1:${deadPort}`, 'x:');
    opened.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of opened.splice(0)) client.disconnect();
  });
  beforeAll(async () => {
    context = await createTestContext();
    deadPort = await closedPort();
  });
  afterAll(() => context.close());

  it('GET /healthz answers while the process is up', async () => {
    const response = await request(context.app.callback()).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when PostgreSQL and Redis answer', async () => {
    const response = await request(context.app.callback()).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('GET /readyz stays 200 but reports Redis down, promptly, when Redis is unreachable', async () => {
    const redis = unreachableRedis();
    const app = createApp({ ...context.deps, redis });
    const started = Date.now();
    const response = await request(app.callback()).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'degraded',
      checks: { postgres: 'ok', redis: 'down' },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 503 in the dialect envelope when a request needs Redis and Redis is away', async () => {
    const redis = unreachableRedis();
    await seedMiniProgramApps(context.models, context.deps.secretBox, [
      { appId: 'wx-outage-app', secret: 'outage-secret' },
    ]);
    const app = createApp({ ...context.deps, redis });
    const response = await request(app.callback())
      .post('/accounts/send_verify_code')
      .send({ auth_app_id: 'wx-outage-app', openid: 'o-outage', mobile: '13800138000' });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: { code: 503, message: '服务暂不可用，请稍后重试' },
      success: false,
    });
  });

  it('GET /readyz answers 503 when PostgreSQL is unreachable', async () => {
    const sequelize = createSequelize({
      url: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`,
      poolMax: 1,
      logger: context.logger,
    });
    const app = createApp({ ...context.deps, sequelize });
    const response = await request(app.callback()).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks).toEqual({ postgres: 'down', redis: 'ok' });
    await sequelize.close();
  });

  it('accepts and echoes a plain X-Request-Id, and replaces a hostile one', async () => {
    const given = await request(context.app.callback())
      .get('/healthz')
      .set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const hostile = await request(context.app.callback())
      .get('/healthz')
      .set('X-Request-Id', 'a\tb"}{injected');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the client address from X-Forwarded-For only behind a trusted proxy, and only its last hop', async () => {
    const ipOf = async (trustProxy: boolean) => {
      const app = createApp({ ...context.deps, config: { ...context.deps.config, trustProxy } });
      await request(app.callback())
        .get('/healthz')
        .set('X-Request-Id', `ip-probe-${trustProxy}`)
        .set('X-Forwarded-For', '6.6.6.6, 203.0.113.7');
      const line = context.logLines.find((entry) => entry.includes(`ip-probe-${trustProxy}`));
      return JSON.parse(line!).ip as string;
    };
    // The client wrote 6.6.6.6 itself; the proxy appended the address it saw, 203.0.113.7.
    expect(await ipOf(true)).toBe('203.0.113.7');
    expect(await ipOf(false)).not.toMatch(/6\.6\.6\.6|203\.0\.113\.7/);
  });

  it('logs one line per request with the request id and no credentials', async () => {
    await request(context.app.callback())
      .get('/healthz')
      .set('X-Request-Id', 'log-line-probe')
      .set('Authorization', 'Bearer 1|very-secret-token');
    const lines = context.logLines.filter((line) => line.includes('log-line-probe'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/healthz',
      status: 200,
    });
    expect(context.logLines.join('')).not.toContain('very-secret-token');
  });

  describe('bodies the app cannot use answer in the dialect of their path', () => {
    it.each([
      [
        '/accounts/wxa_authorize',
        { status: { code: 400, message: '请求数据不是有效的 JSON' }, success: false },
      ],
      ['/account/wx/signup', { message: 'Problems parsing JSON' }],
      ['/api/my/bind-weixin', { message: 'invalid json' }],
      ['/api/administrator/user/oauth-binding', { code: 400, msg: '请求数据格式错误' }],
    ])('broken JSON to %s is a 400', async (path, body) => {
      const response = await request(context.app.callback())
        .post(path)
        .set('Content-Type', 'application/json')
        .send('{"js_code": ');
      expect(response.status).toBe(400);
      expect(response.body).toEqual(body);
    });

    it('a JSON body that is not an object or array is a 400', async () => {
      const response = await request(context.app.callback())
        .post('/account/wx/signup')
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'Problems parsing JSON' });
    });

    it('a body over the limit is a 413', async () => {
      const response = await request(context.app.callback())
        .post('/accounts/wxa_authorize')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ js_code: 'x'.repeat(200 * 1024) }));
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        status: { code: 413, message: '请求数据过大' },
        success: false,
      });
    });

    it('a body in another media type is a 415', async () => {
      const response = await request(context.app.callback())
        .put('/api/my/bind-weixin')
        .set('Content-Type', 'text/plain')
        .send('hello');
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ message: 'unsupported media type' });
    });
  });
});
