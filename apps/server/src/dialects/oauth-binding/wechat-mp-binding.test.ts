import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { MP_APP, startAdministratorKit, WEB_APP } from '../../../test/support/oauth-binding-kit';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * WECHAT_MP: official-account web authorisation, for the page opened inside WeChat. It proves the
 * same WeChat person as WECHAT's QR code, so it is the same WeChat binding: keyed by the unionid
 * when the official account is on the Open Platform account, listed as WECHAT.
 */
describe('WECHAT_MP binding, end to end against the sandbox', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  const stateOf = (url: string) => new URL(url).searchParams.get('state')!;

  it('PUT state=false answers the connect/oauth2/authorize URL with snsapi_userinfo, in order', async () => {
    const admin = await kit.newAdmin();
    const response = await kit.put(admin, 'WECHAT_MP', { state: false });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatch(
      new RegExp(
        `^${escapeRegExp(kit.sandbox.url)}/connect/oauth2/authorize\\?appid=${MP_APP.appId}&redirect_uri=${escapeRegExp(
          encodeURIComponent(MP_APP.redirectUri),
        )}&response_type=code&scope=snsapi_userinfo&state=[0-9a-f]{32}#wechat_redirect$`,
      ),
    );
  });

  it('binds through the consent page with the official account`s credentials, listed as WECHAT', async () => {
    const admin = await kit.newAdmin();
    const person = await kit.newWechatUser();
    const url = await kit.startBinding(admin, 'WECHAT_MP');
    const redirected = await kit.approveOnConsentPage(url, person);
    await kit.control.resetCalls();
    const created = await kit.post(admin, {
      type: 'WECHAT_MP',
      code: redirected.code,
      state: redirected.state,
    });
    expect(created.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });
    const { calls } = await kit.control.getCalls();
    expect(calls['/sns/oauth2/access_token']).toBe(1);
    expect(calls['/sns/userinfo']).toBe(1);

    const listed = (await kit.list(admin)).body.data;
    expect(listed).toEqual([
      {
        type: 'WECHAT',
        nickname: expect.any(String),
        avatar: expect.any(String),
        boundAt: expect.any(String),
      },
    ]);
    const { models } = kit.context;
    const account = await models.ExternalAccount.findOne({
      where: { provider: 'wechat', accountKey: person },
    });
    expect(account?.userId).toBe(admin.userId);
    expect(
      await models.ExternalOpenId.count({
        where: { provider: 'wechat', appId: MP_APP.appId, externalAccountId: account!.id },
      }),
    ).toBe(1);
    const audit = await models.AuditEvent.findOne({ where: { subjectId: admin.userId } });
    expect(audit?.details).toMatchObject({ type: 'WECHAT_MP', provider: 'wechat' });
  });

  it('is the same WeChat account as a WECHAT binding with the same unionid', async () => {
    const admin = await kit.newAdmin();
    const person = await kit.newWechatUser();
    expect((await kit.bind(admin, 'WECHAT', person)).status).toBe(200);
    const again = await kit.bind(admin, 'WECHAT_MP', person);
    expect(again.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });
    const { models } = kit.context;
    const accounts = await models.ExternalAccount.findAll({ where: { userId: admin.userId } });
    expect(accounts.map((row) => row.accountKey)).toEqual([person]);
    const apps = await models.ExternalOpenId.findAll({
      where: { externalAccountId: accounts[0]!.id },
    });
    expect(apps.map((row) => row.appId).sort()).toEqual([MP_APP.appId, WEB_APP.appId].sort());
    expect((await kit.list(admin)).body.data).toHaveLength(1);
  });

  it('refuses a person already bound to another user through WECHAT', async () => {
    const [alice, bob] = [await kit.newAdmin(), await kit.newAdmin()];
    const person = await kit.newWechatUser();
    expect((await kit.bind(alice, 'WECHAT', person)).status).toBe(200);
    expect((await kit.bind(bob, 'WECHAT_MP', person)).body).toEqual({
      code: 403,
      msg: '该第三方账号已绑定其他用户',
    });
  });

  it('unbinds the WeChat binding, and answers 200 操作成功 when none is left', async () => {
    const admin = await kit.newAdmin();
    expect((await kit.bind(admin, 'WECHAT', await kit.newWechatUser())).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      expect((await kit.put(admin, 'WECHAT_MP', { state: true })).body).toEqual({
        code: 200,
        data: '操作成功',
        msg: 'success',
      });
    }
    expect((await kit.list(admin)).body.data).toEqual([]);
  });

  it('rebinds: a state issued while a WeChat account is bound replaces it', async () => {
    const admin = await kit.newAdmin();
    const first = await kit.newWechatUser();
    const second = await kit.newWechatUser();
    expect((await kit.bind(admin, 'WECHAT', first)).status).toBe(200);
    expect((await kit.bind(admin, 'WECHAT_MP', second)).status).toBe(200);
    const { models } = kit.context;
    const bound = await models.ExternalAccount.findAll({
      where: { userId: admin.userId, provider: 'wechat' },
    });
    expect(bound.map((row) => row.accountKey)).toEqual([second]);
  });

  describe('attacks', () => {
    it('refuses a state issued for WECHAT presented with WECHAT_MP', async () => {
      const admin = await kit.newAdmin();
      const webState = stateOf(await kit.startBinding(admin, 'WECHAT'));
      const mpUrl = await kit.startBinding(admin, 'WECHAT_MP');
      const { code } = await kit.approveDirectly(mpUrl, await kit.newWechatUser());
      await kit.control.resetCalls();
      const response = await kit.post(admin, { type: 'WECHAT_MP', code, state: webState });
      expect(response.body).toEqual({ code: 403, msg: 'state 无效或已过期，请重新发起绑定' });
      expect((await kit.control.getCalls()).calls['/sns/oauth2/access_token']).toBe(0);
    });

    it('refuses another user`s state', async () => {
      const [victim, attacker] = [await kit.newAdmin(), await kit.newAdmin()];
      const url = await kit.startBinding(victim, 'WECHAT_MP');
      const { code, state } = await kit.approveDirectly(url, await kit.newWechatUser());
      expect((await kit.post(attacker, { type: 'WECHAT_MP', code, state })).body).toEqual({
        code: 403,
        msg: 'state 无效或已过期，请重新发起绑定',
      });
      expect((await kit.list(attacker)).body.data).toEqual([]);
    });

    it('refuses a code the website app was given (another app`s code)', async () => {
      const admin = await kit.newAdmin();
      const webUrl = await kit.startBinding(admin, 'WECHAT');
      const { code } = await kit.approveDirectly(webUrl, await kit.newWechatUser());
      const state = stateOf(await kit.startBinding(admin, 'WECHAT_MP'));
      const response = await kit.post(admin, { type: 'WECHAT_MP', code, state });
      expect(response.body).toEqual({ code: 403, msg: '微信授权码无效或已过期，请重新授权' });
      expect((await kit.list(admin)).body.data).toEqual([]);
    });

    it('refuses a replayed code', async () => {
      const admin = await kit.newAdmin();
      const url = await kit.startBinding(admin, 'WECHAT_MP');
      const { code, state } = await kit.approveDirectly(url, await kit.newWechatUser());
      expect((await kit.post(admin, { type: 'WECHAT_MP', code, state })).status).toBe(200);
      const again = stateOf(await kit.startBinding(admin, 'WECHAT_MP'));
      expect((await kit.post(admin, { type: 'WECHAT_MP', code, state: again })).body).toEqual({
        code: 403,
        msg: '微信授权码无效或已过期，请重新授权',
      });
    });
  });
});

describe('WECHAT_MP without an Open Platform account (no unionid)', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit({ wechatOpenPlatform: false });
  });
  afterAll(() => kit.close());

  it('keys the account as <appId>:<openid>, another account than the website app`s', async () => {
    const admin = await kit.newAdmin();
    const person = await kit.newWechatUser();
    expect((await kit.bind(admin, 'WECHAT_MP', person)).status).toBe(200);
    const { models } = kit.context;
    const [account] = await models.ExternalAccount.findAll({ where: { userId: admin.userId } });
    const openId = await models.ExternalOpenId.findOne({
      where: { externalAccountId: account!.id },
    });
    expect(account!.accountKey).toBe(`${MP_APP.appId}:${openId!.openId}`);
    expect(account!.unionId).toBeNull();

    // Without a unionid nothing ties the two openids to one person: the website login is
    // another account, and a state issued now (a WeChat account is bound) replaces it.
    expect((await kit.bind(admin, 'WECHAT', person)).status).toBe(200);
    const bound = await models.ExternalAccount.findAll({ where: { userId: admin.userId } });
    expect(bound).toHaveLength(1);
    expect(bound[0]!.accountKey).toMatch(new RegExp(`^${WEB_APP.appId}:`));
  });
});

describe('WECHAT_MP not configured', () => {
  it('answers 503 本服务未配置微信登录', async () => {
    const kit = await startAdministratorKit({ upstreams: { mpApp: undefined } });
    try {
      const admin = await kit.newAdmin();
      expect((await kit.put(admin, 'WECHAT_MP', { state: false })).body).toEqual({
        code: 503,
        msg: '本服务未配置微信登录',
      });
    } finally {
      await kit.close();
    }
  });
});
