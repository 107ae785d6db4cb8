import request from 'supertest';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
  uniqueUnionId,
} from '../../libraries/account-linking/account-test-data';
import type { AccountTestClient } from './account-test-client';
import { createAccountTestClient } from './account-test-client';

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

  it.each([
    ['ftc', 'the email account keeps it'],
    ['wechat', 'the WeChat account keeps it'],
  ] as const)('anchor %s: %s, the row backed up first', async (anchor, _story) => {
    const { user, unionId, membership } = await linkedPair({ shared: true });
    const response = await unlink(unionId, { userId: user.id, anchor });
    expect(response.status).toBe(204);
    await membership!.reload();
    expect([membership!.userId, membership!.unionId]).toEqual(
      anchor === 'ftc' ? [user.id, null] : [null, unionId],
    );
    const backups = await models().MembershipBackup.findAll({
      where: { membershipId: membership!.id },
    });
    expect(backups.map((backup) => backup.reason)).toEqual(['unlink:split']);
    expect(backups[0]!.snapshot).toMatchObject({ userId: user.id, unionId });
    const audit = await auditOf(user.id);
    expect(audit.map((row) => row.action)).toEqual(['account.unlink', 'membership.split']);
    expect(audit[1]!.details).toMatchObject({ membershipId: membership!.id, keptBy: anchor });
    const account = await client.get('/account/wx', unionId);
    expect(account.body.membership.unionId).toBe(anchor === 'wechat' ? unionId : null);
  });

  it('answers 422 anchor missing_field when the pair shares a membership, and changes nothing', async () => {
    const { user, wechat, unionId, membership } = await linkedPair({ shared: true });
    expect422(await unlink(unionId, { userId: user.id }), 'anchor', 'missing_field');
    expect422(await unlink(unionId, { userId: user.id, anchor: null }), 'anchor', 'missing_field');
    expect((await wechat.reload()).userId).toBe(user.id);
    await membership!.reload();
    expect([membership!.userId, membership!.unionId]).toEqual([user.id, unionId]);
    expect(await auditOf(user.id)).toHaveLength(0);
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
