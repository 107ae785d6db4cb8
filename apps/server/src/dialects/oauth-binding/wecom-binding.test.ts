import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { startAdministratorKit, WECOM_APP } from '../../../test/support/oauth-binding-kit';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('WECOM binding, end to end against the sandbox', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('PUT state=false answers the wwlogin/sso/login URL with its parameters, in order', async () => {
    const admin = await kit.newAdmin();
    const response = await kit.put(admin, 'WECOM', { state: false });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatch(
      new RegExp(
        `^${escapeRegExp(kit.sandbox.url)}/wwlogin/sso/login\\?login_type=CorpApp&appid=${
          WECOM_APP.corpId
        }&agentid=${WECOM_APP.agentId}&redirect_uri=${escapeRegExp(
          encodeURIComponent(WECOM_APP.redirectUri),
        )}&state=[0-9a-f]{32}$`,
      ),
    );
  });

  it('binds a member through the login page as corpId + userid, lists it, and unbinds', async () => {
    const admin = await kit.newAdmin();
    const member = await kit.newWecomUser();
    const url = await kit.startBinding(admin, 'WECOM');
    const redirected = await kit.approveOnConsentPage(url, member);
    expect(redirected.state).toBe(new URL(url).searchParams.get('state'));
    const created = await kit.post(admin, {
      type: 'WECOM',
      code: redirected.code,
      state: redirected.state,
    });
    expect(created.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });

    expect((await kit.list(admin)).body.data).toEqual([
      { type: 'WECOM', nickname: null, avatar: null, boundAt: expect.any(String) },
    ]);
    const { models } = kit.context;
    const account = await models.ExternalAccount.findOne({
      where: { provider: 'wecom', accountKey: `${WECOM_APP.corpId}:${member}` },
    });
    expect(account).toMatchObject({ userId: admin.userId, unionId: null });
    const openId = await models.ExternalOpenId.findOne({
      where: { provider: 'wecom', appId: WECOM_APP.corpId, openId: member },
    });
    expect(openId?.externalAccountId).toBe(account!.id);

    for (let i = 0; i < 2; i += 1) {
      // The second unbind finds nothing bound: the same 200, nothing audited.
      expect((await kit.put(admin, 'WECOM', { state: true })).body).toEqual({
        code: 200,
        data: '操作成功',
        msg: 'success',
      });
    }
    expect((await kit.list(admin)).body.data).toEqual([]);
    const audits = await models.AuditEvent.findAll({
      where: { subjectId: admin.userId },
      order: [['id', 'ASC']],
    });
    expect(
      audits.map((audit) => [audit.action, audit.details.type, audit.details.provider]),
    ).toEqual([
      ['oauth.bind', 'WECOM', 'wecom'],
      ['oauth.unbind', 'WECOM', 'wecom'],
    ]);
  });

  it('refuses an account bound to another user, and rebinds when the state says so', async () => {
    const [alice, bob] = [await kit.newAdmin(), await kit.newAdmin()];
    const shared = await kit.newWecomUser();
    expect((await kit.bind(alice, 'WECOM', shared)).status).toBe(200);
    expect((await kit.bind(bob, 'WECOM', shared)).body).toEqual({
      code: 403,
      msg: '该第三方账号已绑定其他用户',
    });
    const other = await kit.newWecomUser();
    // Alice's state is issued while she has a WeCom account: a rebind, which replaces it.
    expect((await kit.bind(alice, 'WECOM', other)).status).toBe(200);
    const { models } = kit.context;
    const bound = await models.ExternalAccount.findAll({
      where: { userId: alice.userId, provider: 'wecom' },
    });
    expect(bound.map((row) => row.accountKey)).toEqual([`${WECOM_APP.corpId}:${other}`]);
  });

  it('refuses someone who is not a member of the corp, writing nothing', async () => {
    const admin = await kit.newAdmin();
    const guest = await kit.newWecomUser({ member: false });
    const response = await kit.bind(admin, 'WECOM', guest);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ code: 403, msg: '该企业微信账号所在的组织不允许绑定本服务' });
    const { models } = kit.context;
    expect(
      await models.ExternalAccount.count({ where: { provider: 'wecom', userId: admin.userId } }),
    ).toBe(0);
    expect(await models.AuditEvent.count({ where: { subjectId: admin.userId } })).toBe(0);
  });

  describe('attacks', () => {
    it('refuses a state issued for another type (WECHAT), before asking WeCom', async () => {
      const admin = await kit.newAdmin();
      const wechatUrl = await kit.startBinding(admin, 'WECHAT');
      const wechatState = new URL(wechatUrl).searchParams.get('state')!;
      const wecomUrl = await kit.startBinding(admin, 'WECOM');
      const { code } = await kit.approveDirectly(wecomUrl, await kit.newWecomUser());
      await kit.control.resetCalls();
      const response = await kit.post(admin, { type: 'WECOM', code, state: wechatState });
      expect(response.body).toEqual({ code: 403, msg: 'state 无效或已过期，请重新发起绑定' });
      expect((await kit.control.getCalls()).calls['/cgi-bin/auth/getuserinfo']).toBe(0);
    });

    it('refuses another user`s state, and leaves it usable by its owner', async () => {
      const [victim, attacker] = [await kit.newAdmin(), await kit.newAdmin()];
      const url = await kit.startBinding(victim, 'WECOM');
      const { code, state } = await kit.approveDirectly(url, await kit.newWecomUser());
      const stolen = await kit.post(attacker, { type: 'WECOM', code, state });
      expect(stolen.body).toEqual({ code: 403, msg: 'state 无效或已过期，请重新发起绑定' });
      expect((await kit.post(victim, { type: 'WECOM', code, state })).status).toBe(200);
      expect((await kit.list(attacker)).body.data).toEqual([]);
    });

    it('refuses a code from another corp`s login', async () => {
      const foreign = { corpId: 'ww0other0corp', agentId: '1000002', secret: 'other-corp-secret' };
      await kit.control.registerWecomApp(foreign);
      const outsider = await kit.newWecomUser({ corpId: foreign.corpId });
      const { code } = await kit.control.mintWecomCode({ ...foreign, user: outsider });
      const admin = await kit.newAdmin();
      const state = new URL(await kit.startBinding(admin, 'WECOM')).searchParams.get('state');
      const response = await kit.post(admin, { type: 'WECOM', code, state });
      expect(response.body).toEqual({ code: 403, msg: '企业微信授权码无效或已过期，请重新授权' });
      expect((await kit.list(admin)).body.data).toEqual([]);
    });

    it('refuses a replayed code', async () => {
      const admin = await kit.newAdmin();
      const url = await kit.startBinding(admin, 'WECOM');
      const { code, state } = await kit.approveDirectly(url, await kit.newWecomUser());
      expect((await kit.post(admin, { type: 'WECOM', code, state })).status).toBe(200);
      const again = new URL(await kit.startBinding(admin, 'WECOM')).searchParams.get('state');
      const replayed = await kit.post(admin, { type: 'WECOM', code, state: again });
      expect(replayed.body).toEqual({ code: 403, msg: '企业微信授权码无效或已过期，请重新授权' });
    });
  });
});

describe('WECOM access token, shared and refreshed once', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('fetches one token for a burst of bindings on a cold cache, and reuses it', async () => {
    const people = await Promise.all(
      Array.from({ length: 6 }, async () => ({
        admin: await kit.newAdmin(),
        member: await kit.newWecomUser(),
      })),
    );
    const grants = await Promise.all(
      people.map(async ({ admin, member }) => ({
        admin,
        ...(await kit.approveDirectly(await kit.startBinding(admin, 'WECOM'), member)),
      })),
    );
    await kit.control.resetCalls();
    const replies = await Promise.all(
      grants.map(({ admin, code, state }) => kit.post(admin, { type: 'WECOM', code, state })),
    );
    expect(replies.map((reply) => reply.status)).toEqual(people.map(() => 200));
    const { calls } = await kit.control.getCalls();
    expect(calls['/cgi-bin/gettoken']).toBe(1);
    expect(calls['/cgi-bin/auth/getuserinfo']).toBe(people.length);
  });

  it('refreshes a token WeCom refuses (40014) once, and binds', async () => {
    const admin = await kit.newAdmin();
    const url = await kit.startBinding(admin, 'WECOM');
    const { code, state } = await kit.approveDirectly(url, await kit.newWecomUser());
    await kit.control.resetCalls();
    await kit.control.addFault({
      endpoint: '/cgi-bin/auth/getuserinfo',
      kind: 'errcode',
      errcode: 40014,
    });
    const response = await kit.post(admin, { type: 'WECOM', code, state });
    expect(response.status).toBe(200);
    const { calls } = await kit.control.getCalls();
    expect(calls['/cgi-bin/gettoken']).toBe(1);
    expect(calls['/cgi-bin/auth/getuserinfo']).toBe(2);
  });

  it('answers 502 when WeCom refuses the agent secret, writing nothing', async () => {
    const wrong = await startAdministratorKit({
      upstreams: { wecomApp: { ...WECOM_APP, secret: 'not-the-secret' } },
    });
    try {
      const admin = await wrong.newAdmin();
      const response = await wrong.bind(admin, 'WECOM', await wrong.newWecomUser());
      expect(response.body).toEqual({
        code: 502,
        msg: '企业微信拒绝了本服务的应用凭据，请联系管理员检查配置',
      });
      expect(
        await wrong.context.models.AuditEvent.count({ where: { subjectId: admin.userId } }),
      ).toBe(0);
    } finally {
      await wrong.close();
    }
  });

  it('answers 503 when WECOM_APP is not configured', async () => {
    const unconfigured = await startAdministratorKit({ upstreams: { wecomApp: undefined } });
    try {
      const admin = await unconfigured.newAdmin();
      const response = await unconfigured.put(admin, 'WECOM', { state: false });
      expect(response.body).toEqual({ code: 503, msg: '本服务未配置企业微信登录' });
    } finally {
      await unconfigured.close();
    }
  });
});
