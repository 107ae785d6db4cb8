import request from 'supertest';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
  uniqueUnionId,
} from '../../../test/support/account-test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

describe('POST /account/wx/unlink', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient();
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  const unlink = (unionId: string, body: object) =>
    client.post('/account/wx/unlink', unionId, body);

  function expect422(response: request.Response, field: string, code: string) {
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ message: 'Validation Failed', error: { field, code } });
  }

  /** A linked pair, sharing a membership when asked (as a link or signup leaves it). */
  async function linkedPair({ shared = false } = {}) {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    await wechat.update({ userId: user.id, boundAt: new Date() });
    const unionId = wechat.accountKey;
    const membership = shared
      ? await createMembership(models(), { userId: user.id, unionId })
      : null;
    return { user, wechat, unionId, membership };
  }

  const auditOf = (userId: string) =>
    models().AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: userId },
      order: [['id', 'ASC']],
    });

  it('splits a pair without a membership: 204, no body, no anchor needed', async () => {
    const { user, wechat, unionId } = await linkedPair();
    const response = await unlink(unionId, { userId: user.id });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    await wechat.reload();
    expect([wechat.userId, wechat.boundAt]).toEqual([null, null]);
    const audit = await auditOf(user.id);
    expect(audit.map((row) => row.action)).toEqual(['account.unlink']);
    expect(audit[0]).toMatchObject({
      actorType: 'client_app',
      actorId: client.clientAppId,
      userAgent: 'account-tests/1.0',
    });
    expect(audit[0]!.details).toMatchObject({ unionId, userId: user.id, anchor: null });
    // Unlinked, GET /account/wx shows the WeChat user alone again.
    const account = await client.get('/account/wx', unionId);
    expect(account.body).toMatchObject({ id: '', email: '', loginMethod: 'wechat' });
  });

  /** A pair linked through the API, so the merge records which side the membership came from. */
  async function linkedThroughApi(paidBy: 'ftc' | 'wechat') {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    const unionId = wechat.accountKey;
    const membership = await createMembership(
      models(),
      paidBy === 'ftc' ? { userId: user.id } : { unionId },
      { payMethod: paidBy === 'ftc' ? 'alipay' : 'wechat' },
    );
    expect((await client.post('/account/wx/link', unionId, { userId: user.id })).status).toBe(204);
    await membership.reload();
    expect([membership.userId, membership.unionId]).toEqual([user.id, unionId]);
    return { user, wechat, unionId, membership };
  }

  it("anchor wechat cannot carry the email account's paid membership off to the WeChat account", async () => {
    // The attack: a WeChat account linked to someone's email account, then unlinked asking for
    // the membership the email account paid for.
    const { user, unionId, membership } = await linkedThroughApi('ftc');
    const response = await unlink(unionId, { userId: user.id, anchor: 'wechat' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    await membership.reload();
    expect([membership.userId, membership.unionId]).toEqual([user.id, null]);
    const account = await client.get('/account/wx', unionId);
    expect(account.body.membership).toMatchObject({ ftcId: null, unionId: null, tier: null });
    const audit = await auditOf(user.id);
    const split = audit.find((row) => row.action === 'membership.split')!;
    expect(split.details).toMatchObject({
      membershipId: membership.id,
      keptBy: 'ftc',
      anchor: 'wechat',
    });
  });

  it("anchor ftc cannot carry the WeChat account's paid membership off to the email account", async () => {
    const { user, unionId, membership } = await linkedThroughApi('wechat');
    expect((await unlink(unionId, { userId: user.id, anchor: 'ftc' })).status).toBe(204);
    await membership.reload();
    expect([membership.userId, membership.unionId]).toEqual([null, unionId]);
  });

  it.each(['ftc', 'wechat', undefined] as const)(
    'a membership bought while linked stays with the email account (anchor %s), backed up first',
    async (anchor) => {
      const { user, unionId, membership } = await linkedPair({ shared: true });
      const response = await unlink(unionId, { userId: user.id, ...(anchor ? { anchor } : {}) });
      expect(response.status).toBe(204);
      await membership!.reload();
      expect([membership!.userId, membership!.unionId]).toEqual([user.id, null]);
      const backups = await models().MembershipBackup.findAll({
        where: { membershipId: membership!.id },
      });
      expect(backups.map((backup) => backup.reason)).toEqual(['unlink:split']);
      expect(backups[0]!.snapshot).toMatchObject({ userId: user.id, unionId });
      const audit = await auditOf(user.id);
      expect(audit.map((row) => row.action)).toEqual(['account.unlink', 'membership.split']);
      expect(audit[1]!.details).toMatchObject({ membershipId: membership!.id, keptBy: 'ftc' });
    },
  );

  it('the payer keeps it over repeated link and unlink rounds', async () => {
    const { user, unionId, membership } = await linkedThroughApi('wechat');
    for (const anchor of ['ftc', 'ftc'] as const) {
      expect((await unlink(unionId, { userId: user.id, anchor })).status).toBe(204);
      await membership.reload();
      expect([membership.userId, membership.unionId]).toEqual([null, unionId]);
      expect((await client.post('/account/wx/link', unionId, { userId: user.id })).status).toBe(
        204,
      );
    }
  });

  it('needs no anchor when each side has its own membership: each keeps its own', async () => {
    const { user, unionId } = await linkedPair();
    const ftc = await createMembership(models(), { userId: user.id });
    const wx = await createMembership(models(), { unionId });
    expect((await unlink(unionId, { userId: user.id, anchor: 'ftc' })).status).toBe(204);
    await Promise.all([ftc.reload(), wx.reload()]);
    expect([ftc.userId, ftc.unionId, wx.userId, wx.unionId]).toEqual([
      user.id,
      null,
      null,
      unionId,
    ]);
  });

  it('answers 422 anchor invalid for an anchor that is neither ftc nor wechat', async () => {
    const { user, unionId } = await linkedPair({ shared: true });
    expect422(await unlink(unionId, { userId: user.id, anchor: 'both' }), 'anchor', 'invalid');
  });

  it('answers 404 when the accounts are not linked to each other', async () => {
    const { user, unionId } = await linkedPair();
    const stranger = await createEmailUser(models());
    const notTheirs = await unlink(unionId, { userId: stranger.id });
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body).toEqual({ message: 'Not Found' });
    const lonely = await createWechatAccount(models());
    expect((await unlink(lonely.accountKey, { userId: user.id })).status).toBe(404);
    expect((await unlink(uniqueUnionId(), { userId: user.id })).status).toBe(404);
    // Unlinking twice: the second finds nothing to split.
    expect((await unlink(unionId, { userId: user.id })).status).toBe(204);
    expect((await unlink(unionId, { userId: user.id })).status).toBe(404);
  });

  it.each([
    ['no userId', {}, 'missing_field'],
    ['a malformed userId', { userId: 'nope' }, 'invalid'],
  ])('answers 422 for %s', async (_name, body, code) => {
    const { unionId } = await linkedPair();
    expect422(await unlink(unionId, body), 'userId', code);
  });

  it('answers 401 without a key and 400 for broken JSON', async () => {
    const { user, unionId } = await linkedPair();
    const noKey = await request(client.context.app.callback())
      .post('/account/wx/unlink')
      .set('X-Union-Id', unionId)
      .send({ userId: user.id });
    expect(noKey.status).toBe(401);
    const broken = await client
      .post('/account/wx/unlink', unionId)
      .set('Content-Type', 'application/json')
      .send('nope');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ message: 'Problems parsing JSON' });
  });
});
