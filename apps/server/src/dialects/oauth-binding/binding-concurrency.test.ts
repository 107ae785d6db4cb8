import type { Admin, AdministratorKit, BindingType } from '../../../test/support/oauth-binding-kit';
import { startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const PROVIDER = { WECHAT: 'wechat', DING_TALK: 'dingtalk' } as const;

describe('bindings under concurrency: the database decides, exactly one wins', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  /** Each admin runs the consent flow as `externalUser`; the POSTs are then fired together. */
  async function prepare(admins: Admin[], type: BindingType, externalUsers: string[]) {
    return Promise.all(
      admins.map(async (admin, index) => {
        const url = await kit.startBinding(admin, type);
        const { code, state } = await kit.approveDirectly(url, externalUsers[index]!);
        return () => kit.post(admin, { type, code, state });
      }),
    );
  }

  const statuses = (responses: Array<{ status: number }>) =>
    responses.map((response) => response.status).sort();

  it.each(['WECHAT', 'DING_TALK'] as const)(
    'binds one %s account to one of several users racing for it',
    async (type) => {
      const admins = await Promise.all(Array.from({ length: 4 }, () => kit.newAdmin()));
      const external = type === 'WECHAT' ? await kit.newWechatUser() : await kit.newDingtalkUser();
      const posts = await prepare(
        admins,
        type,
        admins.map(() => external),
      );

      const responses = await Promise.all(posts.map((post) => post()));
      expect(statuses(responses)).toEqual([200, 403, 403, 403]);
      for (const response of responses.filter((r) => r.status === 403)) {
        expect(response.body).toEqual({ code: 403, msg: '该第三方账号已绑定其他用户' });
      }
      const winner = admins[responses.findIndex((response) => response.status === 200)]!;
      const { models } = kit.context;
      const rows = await models.ExternalAccount.findAll({
        where: { provider: PROVIDER[type], accountKey: external },
      });
      expect(rows.map((row) => row.userId)).toEqual([winner.userId]);
      const binds = await models.AuditEvent.count({
        where: { action: 'oauth.bind', subjectId: admins.map((admin) => admin.userId) },
      });
      expect(binds).toBe(1);
    },
  );

  it('gives one user one account of a type when two are bound at once', async () => {
    const admin = await kit.newAdmin();
    const externals = [await kit.newWechatUser(), await kit.newWechatUser()];
    const posts = await prepare([admin, admin], 'WECHAT', externals);
    const responses = await Promise.all(posts.map((post) => post()));
    expect(statuses(responses)).toEqual([200, 403]);
    expect(responses.find((response) => response.status === 403)?.body).toEqual({
      code: 403,
      msg: '当前用户已绑定其他微信账号，请先解除绑定',
    });
    expect(
      await kit.context.models.ExternalAccount.count({
        where: { userId: admin.userId, provider: 'wechat' },
      }),
    ).toBe(1);
  });

  it('answers 200 to both of two binds of the same account by the same user', async () => {
    const admin = await kit.newAdmin();
    const external = await kit.newDingtalkUser();
    const posts = await prepare([admin, admin], 'DING_TALK', [external, external]);
    expect(statuses(await Promise.all(posts.map((post) => post())))).toEqual([200, 200]);
    expect((await kit.list(admin)).body.data).toHaveLength(1);
  });

  it('unbinds once when unbinds race, answering each of them 操作成功', async () => {
    const admin = await kit.newAdmin();
    expect((await kit.bind(admin, 'WECHAT', await kit.newWechatUser())).status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: 3 }, () => kit.put(admin, 'WECHAT', { state: true })),
    );
    expect(statuses(responses)).toEqual([200, 200, 200]);
    for (const response of responses) {
      expect(response.body).toEqual({ code: 200, data: '操作成功', msg: 'success' });
    }
    expect(
      await kit.context.models.AuditEvent.count({
        where: { action: 'oauth.unbind', subjectId: admin.userId },
      }),
    ).toBe(1);
  });
});
