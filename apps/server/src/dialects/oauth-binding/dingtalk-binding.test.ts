import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { DINGTALK_APP, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('DING_TALK binding, end to end against the sandbox', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('PUT state=false answers the oauth2/auth URL with the documented parameters, in order', async () => {
    const admin = await kit.newAdmin();
    const response = await kit.put(admin, 'DING_TALK', { state: false });
    expect(response.status).toBe(200);
    expect(response.body.msg).toBe('success');
    expect(response.body.data).toMatch(
      new RegExp(
        `^${escapeRegExp(kit.sandbox.url)}/oauth2/auth\\?redirect_uri=${escapeRegExp(
          encodeURIComponent(DINGTALK_APP.redirectUri),
        )}&response_type=code&client_id=${DINGTALK_APP.clientId}&scope=openid&state=[0-9a-f]{32}&prompt=consent$`,
      ),
    );
  });

  it('binds through the consent page with DingTalk`s authCode, lists the binding, and unbinds', async () => {
    const admin = await kit.newAdmin();
    const dingtalkUser = await kit.newDingtalkUser();
    const profile = (await kit.control.listDingtalkUsers()).users.find(
      (user) => user.unionId === dingtalkUser,
    )!;

    const url = await kit.startBinding(admin, 'DING_TALK');
    const redirected = await kit.approveOnConsentPage(url, dingtalkUser);
    expect(redirected.authCode).toEqual(expect.any(String));
    expect(redirected.state).toBe(new URL(url).searchParams.get('state'));

    const created = await kit.post(admin, {
      type: 'DING_TALK',
      authCode: redirected.authCode,
      state: redirected.state,
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });

    expect((await kit.list(admin)).body).toEqual({
      code: 200,
      data: [
        {
          type: 'DING_TALK',
          nickname: profile.nick,
          avatar: profile.avatarUrl,
          boundAt: expect.any(String),
        },
      ],
      msg: 'success',
    });
    const { models } = kit.context;
    const account = await models.ExternalAccount.findOne({
      where: { provider: 'dingtalk', accountKey: dingtalkUser },
    });
    expect(account).toMatchObject({ userId: admin.userId, unionId: dingtalkUser });
    const openId = await models.ExternalOpenId.findOne({
      where: { provider: 'dingtalk', appId: DINGTALK_APP.clientId, openId: profile.openId },
    });
    expect(openId?.externalAccountId).toBe(account!.id);

    const unbound = await kit.put(admin, 'DING_TALK', { state: true });
    expect(unbound.body).toEqual({ code: 200, data: '操作成功', msg: 'success' });
    expect((await kit.list(admin)).body.data).toEqual([]);
    expect(
      (
        await models.AuditEvent.findAll({
          where: { subjectId: admin.userId },
          order: [['id', 'ASC']],
        })
      ).map((audit) => [audit.action, audit.details.type]),
    ).toEqual([
      ['oauth.bind', 'DING_TALK'],
      ['oauth.unbind', 'DING_TALK'],
    ]);
  });

  it('accepts the code under `code` too, and lists WECHAT before DING_TALK', async () => {
    const admin = await kit.newAdmin();
    const dingtalkUser = await kit.newDingtalkUser();
    const url = await kit.startBinding(admin, 'DING_TALK');
    const { code, state } = await kit.approveDirectly(url, dingtalkUser);
    expect((await kit.post(admin, { type: 'DING_TALK', code, state })).status).toBe(200);
    expect((await kit.bind(admin, 'WECHAT', await kit.newWechatUser())).status).toBe(200);
    const listed = await kit.list(admin);
    expect(listed.body.data.map((binding: { type: string }) => binding.type)).toEqual([
      'WECHAT',
      'DING_TALK',
    ]);
  });

  it('refuses an account bound to another user, and a second account from a first bind', async () => {
    const [alice, bob] = [await kit.newAdmin(), await kit.newAdmin()];
    const shared = await kit.newDingtalkUser();
    // Alice's state is issued while she has no DingTalk account: a first bind.
    const firstBind = await kit.startBinding(alice, 'DING_TALK');
    expect((await kit.bind(alice, 'DING_TALK', shared)).status).toBe(200);
    const taken = await kit.bind(bob, 'DING_TALK', shared);
    expect(taken.body).toEqual({ code: 403, msg: '该第三方账号已绑定其他用户' });
    const { code, state } = await kit.approveDirectly(firstBind, await kit.newDingtalkUser());
    const second = await kit.post(alice, { type: 'DING_TALK', code, state });
    expect(second.status).toBe(403);
    expect(second.body).toEqual({ code: 403, msg: '当前用户已绑定其他钉钉账号，请先解除绑定' });
  });

  it('answers 502 when the DingTalk app lacks Contact.User.Read, writing nothing', async () => {
    const denied = await startAdministratorKit({ dingtalkContactUserRead: false });
    try {
      const admin = await denied.newAdmin();
      const dingtalkUser = await denied.newDingtalkUser();
      const response = await denied.bind(admin, 'DING_TALK', dingtalkUser);
      expect(response.status).toBe(502);
      expect(response.body).toEqual({
        code: 502,
        msg: '钉钉应用缺少读取用户个人信息的权限，请联系管理员',
      });
      const { models } = denied.context;
      expect(await models.ExternalAccount.count({ where: { accountKey: dingtalkUser } })).toBe(0);
      expect(await models.AuditEvent.count({ where: { subjectId: admin.userId } })).toBe(0);
    } finally {
      await denied.close();
    }
  });
});
