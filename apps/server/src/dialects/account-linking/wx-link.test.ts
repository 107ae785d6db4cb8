import request from 'supertest';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
  daysFromToday,
  uniqueUnionId,
} from '../../../test/support/account-test-data';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

describe('POST /account/wx/link', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient();
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  const link = (unionId: string, body: object) => client.post('/account/wx/link', unionId, body);

  /** A link that succeeds answers 204 with no body; the Account is then what GET shows. */
  async function linkAndShow(unionId: string, body: object) {
    const response = await link(unionId, body);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    return (await client.get('/account/wx', unionId)).body;
  }

  function expect422(response: request.Response, field: string, code: string) {
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ message: 'Validation Failed', error: { field, code } });
  }

  async function pair() {
    const [user, wechat] = await Promise.all([
      createEmailUser(models()),
      createWechatAccount(models()),
    ]);
    return { user, wechat, unionId: wechat.accountKey };
  }

  const membershipsOf = (userId: string, unionId: string) =>
    Promise.all([
      models().Membership.findAll({ where: { userId } }),
      models().Membership.findAll({ where: { unionId } }),
    ]);
  const actionsOf = async (userId: string) =>
    (
      await models().AuditEvent.findAll({
        where: { subjectType: 'user', subjectId: userId },
        order: [['id', 'ASC']],
      })
    ).map((row) => row.action);

  describe('the membership matrix (email side / WeChat side)', () => {
    it('none / none: links, no membership', async () => {
      const { user, wechat, unionId } = await pair();
      expect(await linkAndShow(unionId, { userId: user.id })).toMatchObject({
        id: user.id,
        unionId,
        email: user.email,
        loginMethod: 'email',
        membership: { ftcId: null, unionId: null, tier: null },
      });
      expect((await wechat.reload()).userId).toBe(user.id);
      expect(await actionsOf(user.id)).toEqual(['account.link']);
    });

    it('none / one: the WeChat membership is kept and now carries both ids', async () => {
      const { user, unionId } = await pair();
      const wx = await createMembership(models(), { unionId }, { payMethod: 'wechat' });
      const account = await linkAndShow(unionId, { userId: user.id });
      expect(account.membership).toMatchObject({
        ftcId: user.id,
        unionId,
        payMethod: 'wechat',
      });
      await wx.reload();
      expect([wx.userId, wx.unionId]).toEqual([user.id, unionId]);
      const backups = await models().MembershipBackup.findAll({ where: { membershipId: wx.id } });
      expect(backups.map((backup) => backup.reason)).toEqual(['link:merged']);
      expect(await actionsOf(user.id)).toEqual(['account.link', 'membership.merge']);
    });

    it('one / none: the email membership is kept and now carries both ids', async () => {
      const { user, unionId } = await pair();
      const ftc = await createMembership(models(), { userId: user.id }, { payMethod: 'alipay' });
      const account = await linkAndShow(unionId, { userId: user.id });
      expect(account.membership).toMatchObject({
        ftcId: user.id,
        unionId,
        payMethod: 'alipay',
      });
      await ftc.reload();
      expect(ftc.unionId).toBe(unionId);
    });

    it.each([
      ['expired / valid', 'wechat', -10, 30],
      ['valid / expired', 'ftc', 30, -10],
    ] as const)(
      '%s: the live one is kept, the lapsed one backed up and removed',
      async (_name, kept, ftcDays, wechatDays) => {
        const { user, unionId } = await pair();
        const ftc = await createMembership(
          models(),
          { userId: user.id },
          { expireDate: daysFromToday(ftcDays), payMethod: 'alipay' },
        );
        const wx = await createMembership(
          models(),
          { unionId },
          { expireDate: daysFromToday(wechatDays), payMethod: 'wechat' },
        );
        const account = await linkAndShow(unionId, { userId: user.id });
        const [keeper, loser] = kept === 'ftc' ? [ftc, wx] : [wx, ftc];
        expect(account.membership).toMatchObject({
          ftcId: user.id,
          unionId,
          payMethod: keeper.payMethod,
          expireDate: keeper.expireDate,
        });
        const [byUser, byUnion] = await membershipsOf(user.id, unionId);
        expect(byUser.map((row) => row.id)).toEqual([keeper.id]);
        expect(byUnion.map((row) => row.id)).toEqual([keeper.id]);
        expect(await models().Membership.findByPk(loser.id)).toBeNull();
        const removed = await models().MembershipBackup.findAll({
          where: { membershipId: loser.id },
        });
        expect(removed.map((backup) => backup.reason)).toEqual(['link:removed']);
        expect(removed[0]!.snapshot).toMatchObject({
          id: loser.id,
          expireDate: loser.expireDate,
          payMethod: loser.payMethod,
        });
        const merge = await models().AuditEvent.findOne({
          where: { subjectType: 'user', subjectId: user.id, action: 'membership.merge' },
        });
        expect(merge!.details).toMatchObject({
          kept,
          membershipId: keeper.id,
          removedId: loser.id,
        });
      },
    );

    it('expired / expired: the one that ran longer is kept', async () => {
      const { user, unionId } = await pair();
      await createMembership(models(), { userId: user.id }, { expireDate: daysFromToday(-40) });
      const wx = await createMembership(models(), { unionId }, { expireDate: daysFromToday(-5) });
      const account = await linkAndShow(unionId, { userId: user.id });
      expect(account.membership).toMatchObject({ expireDate: wx.expireDate, ftcId: user.id });
    });

    it('valid / valid: 422 membership both_valid, and nothing changes', async () => {
      const { user, wechat, unionId } = await pair();
      const ftc = await createMembership(models(), { userId: user.id });
      const wx = await createMembership(models(), { unionId });
      expect422(await link(unionId, { userId: user.id }), 'membership', 'both_valid');
      expect((await wechat.reload()).userId).toBeNull();
      await Promise.all([ftc.reload(), wx.reload()]);
      expect([ftc.userId, ftc.unionId, wx.userId, wx.unionId]).toEqual([
        user.id,
        null,
        null,
        unionId,
      ]);
      expect(
        await models().MembershipBackup.count({ where: { membershipId: [ftc.id, wx.id] } }),
      ).toBe(0);
      expect(await actionsOf(user.id)).toEqual([]);
    });

    it('a membership that is live today (expiring today) counts as live', async () => {
      const { user, unionId } = await pair();
      await createMembership(models(), { userId: user.id }, { expireDate: daysFromToday(0) });
      await createMembership(models(), { unionId }, { expireDate: daysFromToday(0) });
      expect422(await link(unionId, { userId: user.id }), 'membership', 'both_valid');
    });
  });

  it('linking a pair that is already linked changes nothing and is 204 again', async () => {
    const { user, unionId } = await pair();
    expect((await link(unionId, { userId: user.id })).status).toBe(204);
    const again = await link(unionId, { userId: user.id.toUpperCase() });
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect(await actionsOf(user.id)).toEqual(['account.link']);
  });

  it('answers 422 account link_already_taken when the WeChat account is linked to someone else', async () => {
    const { user, unionId } = await pair();
    const other = await createEmailUser(models());
    expect((await link(unionId, { userId: other.id })).status).toBe(204);
    expect422(await link(unionId, { userId: user.id }), 'account', 'link_already_taken');
  });

  it('answers 422 account link_already_taken when the email account has another WeChat account', async () => {
    const { user, unionId } = await pair();
    const otherWechat = await createWechatAccount(models());
    expect((await link(otherWechat.accountKey, { userId: user.id })).status).toBe(204);
    expect422(await link(unionId, { userId: user.id }), 'account', 'link_already_taken');
  });

  it('answers 422 membership invalid when a membership of the pair belongs to a third account', async () => {
    const { user, wechat, unionId } = await pair();
    await createMembership(models(), { userId: user.id, unionId: uniqueUnionId() });
    expect422(await link(unionId, { userId: user.id }), 'membership', 'invalid');
    expect((await wechat.reload()).userId).toBeNull();
  });

  it('answers 404 for an unknown email account, a user without email, or an unknown unionid', async () => {
    const { user, unionId } = await pair();
    const unknownUser = await link(unionId, { userId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownUser.status).toBe(404);
    expect(unknownUser.body).toEqual({ message: 'Not Found' });
    const mobileOnly = await models().User.create({ mobile: uniqueMobile() });
    expect((await link(unionId, { userId: mobileOnly.id })).status).toBe(404);
    expect((await link(uniqueUnionId(), { userId: user.id })).status).toBe(404);
  });

  it.each([
    ['no userId', {}, 'missing_field'],
    ['an empty userId', { userId: '' }, 'missing_field'],
    ['a userId that is not a UUID', { userId: 'user-1' }, 'invalid'],
    ['a userId that is not text', { userId: 7 }, 'invalid'],
  ])('answers 422 for %s', async (_name, body, code) => {
    const { unionId } = await pair();
    expect422(await link(unionId, body), 'userId', code);
  });

  it('answers 400 for broken JSON, 401 without a key, 400 without X-Union-Id', async () => {
    const { user, unionId } = await pair();
    const broken = await client
      .post('/account/wx/link', unionId)
      .set('Content-Type', 'application/json')
      .send('{"userId"');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ message: 'Problems parsing JSON' });
    const app = client.context.app.callback();
    const noKey = await request(app).post('/account/wx/link').send({ userId: user.id });
    expect(noKey.status).toBe(401);
    const noUnion = await request(app)
      .post('/account/wx/link')
      .set('Authorization', `Bearer ${client.clientKey}`)
      .send({ userId: user.id });
    expect(noUnion.status).toBe(400);
  });

  it('two WeChat accounts racing to link one email account: exactly one wins', async () => {
    const user = await createEmailUser(models());
    const wechats = await Promise.all(
      Array.from({ length: 4 }, () => createWechatAccount(models())),
    );
    const responses = await Promise.all(
      wechats.map((wechat) => link(wechat.accountKey, { userId: user.id })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([204, 422, 422, 422]);
    for (const response of responses.filter((r) => r.status === 422)) {
      expect422(response, 'account', 'link_already_taken');
    }
    expect(await models().ExternalAccount.count({ where: { userId: user.id } })).toBe(1);
    expect(await actionsOf(user.id)).toEqual(['account.link']);
  });
});
