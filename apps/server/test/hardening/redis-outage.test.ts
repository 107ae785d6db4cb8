import { setTimeout as sleep } from 'node:timers/promises';
import type request from 'supertest';
import type { RedisServerProcess } from '../support/redis-server';
import { startRedisServer } from '../support/redis-server';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

/** The longest a request may take while a dependency is away: no hanging on a dead Redis. */
const BOUND_MS = 3_000;

async function timed(call: () => Promise<request.Response>) {
  const started = Date.now();
  const response = await call();
  return { response, ms: Date.now() - started };
}

async function waitUntilReady(world: World): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if ((await world.http().get('/readyz')).body.checks?.redis === 'ok') return;
    await sleep(250);
  }
  throw new Error('the app did not see Redis again');
}

describe('Redis stops during a run and comes back', () => {
  let redis: RedisServerProcess;
  let world: World;
  beforeAll(async () => {
    redis = await startRedisServer();
    world = await startWorld({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await world?.close();
    await redis?.stop();
  });

  it('answers 503 in each dialect where Redis is needed, keeps the rest working, and recovers without a restart', async () => {
    const caller = await world.caaCaller();
    const admin = await world.admin();
    const clientKey = await world.clientKey();
    const unionId = await world.wechatAccount();
    const { token } = await world.miniProgramToken();
    const bindBody = JSON.stringify({
      accessToken: 'a-token',
      openid: 'an-openid',
      unionid: 'a-unionid',
      userId: caller.userId,
    });

    const needRedis: Array<[string, () => Promise<request.Response>, number, unknown]> = [
      [
        'my: PUT /api/my/bind-weixin (replay memory)',
        () =>
          world
            .http()
            .put('/api/my/bind-weixin')
            .set('Authorization', world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', bindBody))
            .set('Content-Type', 'application/json')
            .send(bindBody),
        503,
        { message: 'service unavailable' },
      ],
      [
        'administrator: PUT …/WECHAT (state nonce)',
        () =>
          world
            .http()
            .put('/api/administrator/user/oauth-binding/WECHAT')
            .set('Authorization', admin.auth)
            .send({ state: false }),
        503,
        { code: 503, msg: '服务暂不可用，请稍后重试' },
      ],
      [
        'account: GET /account/verify-email/:token (attempt limit)',
        () => world.http().get('/account/verify-email/some-token'),
        503,
        { message: 'Service Unavailable' },
      ],
      [
        'accounts: POST /accounts/send_verify_code (session)',
        () =>
          world
            .http()
            .post('/accounts/send_verify_code')
            .send({ auth_app_id: world.apps.mini.appId, openid: 'o-1', mobile: '13800138000' }),
        503,
        { status: { code: 503, message: '服务暂不可用，请稍后重试' }, success: false },
      ],
    ];
    const withoutRedis: Array<[string, () => Promise<request.Response>]> = [
      ['GET /healthz', () => world.http().get('/healthz')],
      [
        'GET /account/wx',
        () =>
          world
            .http()
            .get('/account/wx')
            .set('Authorization', `Bearer ${clientKey}`)
            .set('X-Union-Id', unionId),
      ],
      [
        'GET /api/administrator/user/oauth-binding',
        () =>
          world
            .http()
            .get('/api/administrator/user/oauth-binding')
            .set('Authorization', admin.auth),
      ],
      [
        'GET /accounts/me',
        () => world.http().get('/accounts/me').set('Authorization', `Bearer ${token}`),
      ],
    ];

    await redis.stop();

    for (const [what, call, status, body] of needRedis) {
      const { response, ms } = await timed(call);
      expect({ what, status: response.status, body: response.body }).toEqual({
        what,
        status,
        body,
      });
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // wxa_authorize needs Redis before it asks WeChat (the double-submit lock): nothing is written.
    const wechatUser = await world.newWechatUser();
    const body = await world.wxaAuthorizeBody(wechatUser);
    const authorize = await timed(() => world.http().post('/accounts/wxa_authorize').send(body));
    expect(authorize.response.status).toBe(503);
    expect(authorize.ms).toBeLessThan(BOUND_MS);
    expect(
      await world.context.models.ExternalAccount.count({
        where: { provider: 'wechat', accountKey: wechatUser.unionid },
      }),
    ).toBe(0);

    for (const [what, call] of withoutRedis) {
      const { response, ms } = await timed(call);
      expect({ what, status: response.status }).toEqual({ what, status: 200 });
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // The instance stays in the load balancer (what it can serve, it serves) and says why.
    const readiness = await world.http().get('/readyz');
    expect(readiness.status).toBe(200);
    expect(readiness.body).toEqual({
      status: 'degraded',
      checks: { postgres: 'ok', redis: 'down' },
    });
    const scrape = await world.http().get('/metrics');
    expect(scrape.text).toContain('wechat_bind_dependency_up{dependency="redis"} 0');
    expect(scrape.text).toContain('wechat_bind_dependency_up{dependency="postgres"} 1');
    // Failures were logged as outages, not as bugs.
    expect(world.context.logLines.join('')).not.toMatch(/"errorCode":"internal"/);

    await redis.start();
    await waitUntilReady(world);

    for (const [what, call] of needRedis) {
      const { response } = await timed(call);
      expect({ what, status: response.status < 500 }).toEqual({ what, status: true });
    }
    const started = await world
      .http()
      .put('/api/administrator/user/oauth-binding/WECHAT')
      .set('Authorization', admin.auth)
      .send({ state: false });
    expect(started.status).toBe(200);
    const again = await world.miniProgramUser(wechatUser);
    expect(again.openid).toEqual(expect.any(String));
  });
});
