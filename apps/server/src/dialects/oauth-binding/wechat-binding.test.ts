import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { PATH, startAdministratorKit, WEB_APP } from '../../../test/support/oauth-binding-kit';

describe('WECHAT binding, end to end against the sandbox', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('PUT state=false answers the qrconnect URL with the documented parameters, in order', async () => {
    const admin = await kit.newAdmin();
    const response = await kit.put(admin, 'WECHAT', { state: false });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 200, data: expect.any(String), msg: 'success' });
    const url: string = response.body.data;
    const redirect = encodeURIComponent(WEB_APP.redirectUri);
    expect(url).toMatch(
      new RegExp(
        `^${kit.sandbox.url}/connect/qrconnect\\?appid=${WEB_APP.appId}&redirect_uri=${redirect.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}&response_type=code&scope=snsapi_login&state=[0-9a-f]{32}&connect_redirect=1#wechat_redirect$`,
      ),
    );
    // Every call issues a fresh state.
    const again = await kit.put(admin, 'WECHAT', { state: false });
    expect(again.body.data).not.toBe(url);
  });

  it('binds through the consent page, lists the binding, and unbinds', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    const profile = (await kit.control.listWechatUsers()).users.find(
      (user) => user.unionid === wechatUser,
    )!;

    const url = await kit.startBinding(admin, 'WECHAT');
    const redirected = await kit.approveOnConsentPage(url, wechatUser);
    expect(redirected.state).toBe(new URL(url).searchParams.get('state'));
    expect(redirected.code).toEqual(expect.any(String));

    const before = new Date();
    const created = await kit.post(admin, {
      type: 'WECHAT',
      code: redirected.code,
      state: redirected.state,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });

    const listed = await kit.list(admin);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      code: 200,
      data: [
        {
          type: 'WECHAT',
          nickname: profile.nickname,
          avatar: profile.avatar,
          boundAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      ],
      msg: 'success',
    });
    expect(new Date(listed.body.data[0].boundAt).getTime()).toBeGreaterThanOrEqual(
      before.getTime() - 1_000,
    );

    const { models } = kit.context;
    const account = await models.ExternalAccount.findOne({
      where: { provider: 'wechat', accountKey: wechatUser },
    });
    expect(account).toMatchObject({
      userId: admin.userId,
      unionId: wechatUser,
      nickname: profile.nickname,
      avatar: profile.avatar,
      gender: 'male',
    });
    const openId = await models.ExternalOpenId.findOne({
      where: { provider: 'wechat', appId: WEB_APP.appId, externalAccountId: account!.id },
    });
    // The sandbox gives the user an openid in the web app the first time they meet.
    const met = (await kit.control.listWechatUsers()).users.find(
      (user) => user.unionid === wechatUser,
    )!;
    expect(openId?.openId).toBe(met.openids[WEB_APP.appId]);

    const unbound = await kit.put(admin, 'WECHAT', { state: true });
    expect(unbound.status).toBe(200);
    expect(unbound.body).toEqual({ code: 200, data: '操作成功', msg: 'success' });
    expect((await kit.list(admin)).body).toEqual({ code: 200, data: [], msg: 'success' });
    await account!.reload();
    expect(account).toMatchObject({ userId: null, boundAt: null });

    const audits = await models.AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: admin.userId },
      order: [['id', 'ASC']],
    });
    expect(audits.map((audit) => audit.action)).toEqual(['oauth.bind', 'oauth.unbind']);
    for (const audit of audits) {
      expect(audit).toMatchObject({
        actorType: 'personal_access_token',
        actorId: admin.tokenId,
        ip: expect.stringMatching(/127\.0\.0\.1/),
      });
      expect(audit.details).toMatchObject({ type: 'WECHAT', externalAccountId: account!.id });
    }
  });

  it('binds again after unbinding, and answers 200 again for an account already bound to the user', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    expect((await kit.bind(admin, 'WECHAT', wechatUser)).body.data).toBe('绑定成功');
    const again = await kit.bind(admin, 'WECHAT', wechatUser);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });
    expect((await kit.list(admin)).body.data).toHaveLength(1);

    expect((await kit.put(admin, 'WECHAT', { state: true })).status).toBe(200);
    expect((await kit.bind(admin, 'WECHAT', wechatUser)).status).toBe(200);
    expect((await kit.list(admin)).body.data).toEqual([
      expect.objectContaining({ type: 'WECHAT' }),
    ]);
  });

  it('refuses a second WeChat account from a first bind’s state, writing nothing', async () => {
    const admin = await kit.newAdmin();
    const first = await kit.newWechatUser();
    const second = await kit.newWechatUser();
    const firstBind = await kit.startBinding(admin, 'WECHAT');
    expect((await kit.bind(admin, 'WECHAT', first)).status).toBe(200);
    const { code, state } = await kit.approveDirectly(firstBind, second);
    const refused = await kit.post(admin, { type: 'WECHAT', code, state });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 403, msg: '当前用户已绑定其他微信账号，请先解除绑定' });
    const { models } = kit.context;
    expect(
      await models.ExternalAccount.count({
        where: { provider: 'wechat', accountKey: second, userId: admin.userId },
      }),
    ).toBe(0);
    expect(
      await models.AuditEvent.count({ where: { subjectId: admin.userId, action: 'oauth.bind' } }),
    ).toBe(1);
  });

  it('refuses an account bound to another user with 该第三方账号已绑定其他用户', async () => {
    const [alice, bob] = [await kit.newAdmin(), await kit.newAdmin()];
    const wechatUser = await kit.newWechatUser();
    expect((await kit.bind(alice, 'WECHAT', wechatUser)).status).toBe(200);
    const refused = await kit.bind(bob, 'WECHAT', wechatUser);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 403, msg: '该第三方账号已绑定其他用户' });
    expect((await kit.list(bob)).body.data).toEqual([]);
    expect((await kit.list(alice)).body.data).toHaveLength(1);
  });

  it('answers 200 操作成功 when unbinding an account the user does not have, auditing nothing', async () => {
    const admin = await kit.newAdmin();
    // The request 03's example sends, byte for byte, with its body text as printed.
    const response = await kit
      .http()
      .put(`${PATH}/WECHAT`)
      .set('Authorization', admin.auth)
      .set('Accept', 'application/json')
      .set('Content-Type', 'application/json')
      .send('{\n    "state": true\n}');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.text).toBe('{"code":200,"data":"操作成功","msg":"success"}');
    expect(await kit.context.models.AuditEvent.count({ where: { subjectId: admin.userId } })).toBe(
      0,
    );
  });

  it('answers every click of a double-clicked unbind 操作成功, auditing the one unbind', async () => {
    const admin = await kit.newAdmin();
    expect((await kit.bind(admin, 'WECHAT', await kit.newWechatUser())).status).toBe(200);
    for (let click = 0; click < 2; click += 1) {
      const response = await kit.put(admin, 'WECHAT', { state: true });
      expect(response.status).toBe(200);
      expect(response.text).toBe('{"code":200,"data":"操作成功","msg":"success"}');
    }
    expect(
      await kit.context.models.AuditEvent.count({
        where: { subjectId: admin.userId, action: 'oauth.unbind' },
      }),
    ).toBe(1);
  });

  it('keys the account by appId:openid when the web app has no Open Platform account', async () => {
    const noUnion = await startAdministratorKit({ wechatOpenPlatform: false });
    try {
      const admin = await noUnion.newAdmin();
      const wechatUser = await noUnion.newWechatUser();
      expect((await noUnion.bind(admin, 'WECHAT', wechatUser)).status).toBe(200);
      const profile = (await noUnion.control.listWechatUsers()).users.find(
        (user) => user.unionid === wechatUser,
      )!;
      const openId = profile.openids[WEB_APP.appId]!;
      const account = await noUnion.context.models.ExternalAccount.findOne({
        where: { userId: admin.userId, provider: 'wechat' },
      });
      expect(account).toMatchObject({ accountKey: `${WEB_APP.appId}:${openId}`, unionId: null });
    } finally {
      await noUnion.close();
    }
  });
});

describe("03's WECHAT example, as its client sends it", () => {
  // The app and redirect URI of 03's example reply, and WeChat's own host.
  const DOCUMENT_APP = {
    appId: 'wx64b522a7ca7bf76d',
    secret: 'unused-by-this-test',
    redirectUri: 'http://localhost:8000/#/account/settings/binding/wechat',
  };
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit({
      upstreams: { webApp: DOCUMENT_APP, wechatConnectBase: 'https://open.weixin.qq.com' },
    });
  });
  afterAll(() => kit.close());

  it('answers the qrconnect link of the example, connect_redirect=1 included, byte for byte', async () => {
    const admin = await kit.newAdmin();
    const response = await kit
      .http()
      .put(`${PATH}/WECHAT`)
      .set('Authorization', admin.auth)
      .set('Accept', 'application/json')
      .set('Content-Type', 'application/json')
      .send('{\n    "state": false\n}');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const state = /state=([0-9a-f]{32})&/.exec(response.text)?.[1];
    expect(state).toBeDefined();
    // 03's example reply with only its state (a fresh nonce) different.
    const example =
      '{"code":200,"data":"https://open.weixin.qq.com/connect/qrconnect?appid=wx64b522a7ca7bf76d' +
      '&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2F%23%2Faccount%2Fsettings%2Fbinding%2Fwechat' +
      '&response_type=code&scope=snsapi_login&state=0c28af8d1e9394906b0c4e622dcdb747' +
      '&connect_redirect=1#wechat_redirect","msg":"success"}';
    expect(response.text).toBe(example.replace('0c28af8d1e9394906b0c4e622dcdb747', state!));
  });
});
