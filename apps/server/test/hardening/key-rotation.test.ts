import request from 'supertest';
import type { AppDeps } from '../../src/app-context';
import { createApp } from '../../src/app';
import { issueApiKey } from '../../src/libraries/api-keys';
import {
  addMiniProgramApp,
  removeMiniProgramApp,
  seedMiniProgramApps,
} from '../../src/libraries/mini-program-apps';
import { createOutboxWorker } from '../../src/libraries/mail/outbox-worker';
import { createSecretBox } from '../../src/libraries/secret-box';
import { uniqueEmail, uniqueMiniProgramApp, uniqueMobile } from '../support/test-data';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

/**
 * What a new DATA_KEY or JWT_SECRET does to what the old one protected: docs/operations.md
 * describes the rotation, and these are the consequences it is written around. None is a 500.
 */
describe('rotating DATA_KEY and JWT_SECRET', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  /** The same store and Redis, started with other secrets. */
  function rotated({ dataKey, jwtSecret }: { dataKey?: Buffer; jwtSecret?: string }): AppDeps {
    const { deps } = world.context;
    return {
      ...deps,
      config: {
        ...deps.config,
        dataKey: dataKey ?? deps.config.dataKey,
        jwtSecret: jwtSecret ?? deps.config.jwtSecret,
      },
      secretBox: createSecretBox(dataKey ?? deps.config.dataKey),
    };
  }
  const newDataKey = Buffer.alloc(32, 99);

  it('DATA_KEY: Caa keys sealed with the old key answer "apiKey not found"; new ones work', async () => {
    const oldCaller = await world.caaCaller();
    const deps = rotated({ dataKey: newDataKey });
    const http = request(createApp(deps).callback());
    const body = JSON.stringify({
      accessToken: 't',
      openid: 'o',
      unionid: 'u',
      userId: oldCaller.userId,
    });
    const put = (authorization: string) =>
      http
        .put('/api/my/bind-weixin')
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(body);

    const old = await put(world.caaHeader(oldCaller, 'PUT', '/api/my/bind-weixin', body));
    expect(old.status).toBe(404);
    expect(old.body).toEqual({ message: 'apiKey not found' });
    // The operator hears of it: a key that cannot be opened is an error in the log.
    expect(world.context.logLines.join('')).toContain('cannot be opened with this DATA_KEY');

    const reissued = await issueApiKey(deps.models, deps.secretBox, { userId: oldCaller.userId });
    const fresh = await put(
      world.caaHeader({ ...oldCaller, ...reissued }, 'PUT', '/api/my/bind-weixin', body),
    );
    // Past authentication: WeChat is asked, and refuses the made-up token.
    expect(fresh.body).toEqual({ message: 'invalid weixin account' });
  });

  /**
   * What a start with the new key does to the apps of WECHAT_MINIPROGRAM_APPS (reseals them), and
   * afterwards back under the world's own key, so the other tests find its app as they left it.
   */
  async function restartedWith(dataKey: Buffer, work: (deps: AppDeps) => Promise<void>) {
    const deps = rotated({ dataKey });
    const { models, secretBox } = world.context.deps;
    await seedMiniProgramApps(models, deps.secretBox, [world.apps.mini]);
    try {
      await work(deps);
    } finally {
      await seedMiniProgramApps(models, secretBox, [world.apps.mini]);
    }
  }

  it('DATA_KEY: mini-program sessions sealed with the old key are gone: sign in again', async () => {
    const { openid, sessionToken } = await world.miniProgramUser();
    await restartedWith(newDataKey, async (deps) => {
      const http = request(createApp(deps).callback());
      const response = await http.post('/accounts/send_verify_code').send({
        auth_app_id: world.apps.mini.appId,
        openid,
        session_token: sessionToken,
        mobile: uniqueMobile(),
      });
      expect(response.body).toEqual({
        status: { code: 401, message: '请先授权登录' },
        success: false,
      });
    });
  });

  it("DATA_KEY: apps from app:add answer unknown_app until added again; the setting's are resealed", async () => {
    const { models, secretBox } = world.context.deps;
    const added = uniqueMiniProgramApp();
    await world.control.registerWechatApp({ appid: added.appId, secret: added.secret });
    await addMiniProgramApp(models, secretBox, added);
    const wechatUser = await world.newWechatUser();
    const authorizeWith = async (http: ReturnType<typeof request>, appId: string) => {
      const { js_code } = await world.control.mintJsCode({
        appid: appId,
        user: wechatUser.unionid,
      });
      const { encrypted_data, iv } = await world.control.mintEncryptedData({
        appid: appId,
        user: wechatUser.unionid,
      });
      return http
        .post('/accounts/wxa_authorize')
        .send({ js_code, encrypted_data, iv, auth_app_id: appId });
    };

    await restartedWith(newDataKey, async (deps) => {
      const http = request(createApp(deps).callback());
      expect((await authorizeWith(http, world.apps.mini.appId)).status).toBe(200);
      const stale = await authorizeWith(http, added.appId);
      expect(stale.body).toEqual({
        status: { code: 400, message: 'auth_app_id 不是已接入的小程序' },
        success: false,
      });
      expect(world.context.logLines.join('')).toContain(
        'mini-program app secret cannot be opened with this DATA_KEY',
      );
      // What operations.md says to do: remove it and add it again under the new key.
      await removeMiniProgramApp(models, added.appId);
      await addMiniProgramApp(models, deps.secretBox, added);
      const readded = request(createApp(deps).callback());
      expect((await authorizeWith(readded, added.appId)).status).toBe(200);
    });
  });

  it('DATA_KEY: mail still in the outbox cannot be opened and is given up, so drain it first', async () => {
    const email = uniqueEmail();
    const signup = await world
      .http()
      .post('/account/wx/signup')
      .set('Authorization', `Bearer ${await world.clientKey()}`)
      .set('X-Union-Id', await world.wechatAccount())
      .send({ email, password: 'rotation-password' });
    expect(signup.status).toBe(200);
    const sent: string[] = [];
    const worker = createOutboxWorker({
      sequelize: world.context.sequelize,
      logger: world.context.deps.logger,
      secretBox: createSecretBox(newDataKey),
      transport: {
        kind: 'smtp',
        send: async (mail) => void sent.push(mail.to),
        close: () => undefined,
      },
      onlyRecipients: [email],
    });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, dead: 1, sent: 0 });
    expect(sent).toEqual([]);
    const row = await world.context.models.OutboxMessage.findOne({
      where: { payload: { to: email } },
    });
    expect(row?.status).toBe('dead');
  });

  it('JWT_SECRET: old session tokens answer 401, and signing in again issues a working one', async () => {
    const { token, openid } = await world.miniProgramToken();
    const http = request(
      createApp(
        rotated({ jwtSecret: 'a-brand-new-jwt-secret-of-32-characters-or-more' }),
      ).callback(),
    );
    const me = await http.get('/accounts/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({
      status: { code: 401, message: '登录已失效，请重新登录' },
      success: false,
    });

    const wechatUser = (await world.control.listWechatUsers()).users.find(
      (user) => user.openids[world.apps.mini.appId] === openid,
    )!;
    const appid = world.apps.mini.appId;
    const { js_code } = await world.control.mintJsCode({ appid, user: wechatUser.unionid });
    const { encrypted_data, iv } = await world.control.mintEncryptedData({
      appid,
      user: wechatUser.unionid,
    });
    const again = await http
      .post('/accounts/wxa_authorize')
      .send({ js_code, encrypted_data, iv, auth_app_id: appid });
    expect(again.body.data.bound).toBe(true);
    const renewed = await http
      .get('/accounts/me')
      .set('Authorization', `Bearer ${again.body.data.token}`);
    expect(renewed.status).toBe(200);
  });
});
