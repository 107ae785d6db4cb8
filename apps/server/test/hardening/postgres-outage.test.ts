import { setTimeout as sleep } from 'node:timers/promises';
import type request from 'supertest';
import type { PrivateDatabase } from '../support/private-database';
import { openPrivateDatabase } from '../support/private-database';
import type { TcpProxy } from '../support/tcp-proxy';
import { startTcpProxy } from '../support/tcp-proxy';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

/** The longest a request may take while PostgreSQL is away. */
const BOUND_MS = 3_000;

async function timed(call: () => Promise<request.Response>) {
  const started = Date.now();
  const response = await call();
  return { response, ms: Date.now() - started };
}

describe('PostgreSQL goes away during a run and comes back', () => {
  let database: PrivateDatabase;
  let proxy: TcpProxy;
  let world: World;
  beforeAll(async () => {
    // A database of this file's own behind a proxy: cutting it disturbs no other test.
    database = await openPrivateDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    world = await startWorld({ databaseUrl: viaProxy.toString() });
  });
  afterAll(async () => {
    await world?.close();
    await proxy?.close();
    await database?.close();
  });

  it('answers 503 in each dialect where PostgreSQL is needed, keeps the rest working, and recovers without a restart', async () => {
    const caller = await world.caaCaller();
    const admin = await world.admin();
    const clientKey = await world.clientKey();
    const unionId = await world.wechatAccount();
    const { token } = await world.miniProgramToken();
    const bindBody = JSON.stringify({
      accessToken: 't',
      openid: 'o',
      unionid: 'u',
      userId: caller.userId,
    });

    const needPostgres: Array<[string, () => Promise<request.Response>, unknown]> = [
      [
        'my: PUT /api/my/bind-weixin (the key)',
        () =>
          world
            .http()
            .put('/api/my/bind-weixin')
            .set('Authorization', world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', bindBody))
            .set('Content-Type', 'application/json')
            .send(bindBody),
        { message: 'service unavailable' },
      ],
      [
        'administrator: GET …/oauth-binding (the token)',
        () =>
          world
            .http()
            .get('/api/administrator/user/oauth-binding')
            .set('Authorization', admin.auth),
        { code: 503, msg: '服务暂不可用，请稍后重试' },
      ],
      [
        'account: GET /account/wx (the key and the account)',
        () =>
          world
            .http()
            .get('/account/wx')
            .set('Authorization', `Bearer ${clientKey}`)
            .set('X-Union-Id', unionId),
        { message: 'Service Unavailable' },
      ],
      [
        'accounts: GET /accounts/me (the user)',
        () => world.http().get('/accounts/me').set('Authorization', `Bearer ${token}`),
        { status: { code: 503, message: '服务暂不可用，请稍后重试' }, success: false },
      ],
    ];

    await proxy.close();

    for (const [what, call, body] of needPostgres) {
      const { response, ms } = await timed(call);
      expect({ what, status: response.status, body: response.body }).toEqual({
        what,
        status: 503,
        body,
      });
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // A sign-in gets as far as WeChat and then cannot store the identity: 503, nothing half done.
    const wechatUser = await world.newWechatUser();
    const body = await world.wxaAuthorizeBody(wechatUser);
    const authorize = await timed(() => world.http().post('/accounts/wxa_authorize').send(body));
    expect(authorize.response.status).toBe(503);
    expect(authorize.ms).toBeLessThan(BOUND_MS);

    expect((await world.http().get('/healthz')).status).toBe(200);
    const readiness = await world.http().get('/readyz');
    expect(readiness.status).toBe(503);
    expect(readiness.body).toEqual({
      status: 'unavailable',
      checks: { postgres: 'down', redis: 'ok' },
    });
    expect(world.context.logLines.join('')).not.toMatch(/"errorCode":"internal"/);

    await proxy.open();
    for (let attempt = 0; attempt < 40; attempt += 1) {
      if ((await world.http().get('/readyz')).status === 200) break;
      await sleep(250);
    }
    for (const [what, call] of needPostgres) {
      const { response } = await timed(call);
      expect({ what, ok: response.status < 500 }).toEqual({ what, ok: true });
    }
    const list = await world
      .http()
      .get('/api/administrator/user/oauth-binding')
      .set('Authorization', admin.auth);
    expect(list.body).toEqual({ code: 200, data: [], msg: 'success' });
    // Signing in works again, end to end, and writes the identity once.
    const signedIn = await world.miniProgramUser(wechatUser);
    expect(signedIn.openid).toEqual(expect.any(String));
    expect(
      await world.context.models.ExternalAccount.count({
        where: { provider: 'wechat', accountKey: wechatUser.unionid },
      }),
    ).toBe(1);
  });
});
