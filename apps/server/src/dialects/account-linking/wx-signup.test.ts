import { isAccountValidationError } from '@wechat-bind/dto';
import request from 'supertest';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
  daysFromToday,
  uniqueUnionId,
} from '../../../test/support/account-test-data';
import { verifyPassword } from '../../libraries/account-linking/password-hash';
import { uniqueEmail } from '../../../test/support/test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

describe('POST /account/wx/signup', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient();
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  const signup = (unionId: string, body: object) =>
    client.post('/account/wx/signup', unionId, body);
  const validBody = () => ({ email: uniqueEmail(), password: 'secret-password' });
  const auditOf = (userId: string) =>
    models().AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: userId },
      order: [['id', 'ASC']],
    });
  const outboxTo = (email: string) =>
    models().OutboxMessage.findAll({ where: { payload: { to: email } } });

  function expect422(response: request.Response, field: string, code: string) {
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ message: 'Validation Failed', error: { field, code } });
    expect(isAccountValidationError(response.body)).toBe(true);
  }

  it('creates the email account, links it, and replies the Account (loginMethod email)', async () => {
    const wechat = await createWechatAccount(models(), { nickname: '6Cunningham' });
    const email = `${uniqueEmail().replace('@', '.Mixed@')}`;
    const response = await signup(wechat.accountKey, {
      email: `  ${email}  `,
      password: 'correct horse',
    });
    expect(response.status).toBe(200);
    const account = response.body;
    expect(account).toMatchObject({
      unionId: wechat.accountKey,
      stripeId: null,
      email: email.toLowerCase(),
      mobile: null,
      userName: null,
      avatarUrl: null,
      isVerified: false,
      loginMethod: 'email',
      wechat: { nickname: '6Cunningham', avatarUrl: 'https://example.com/a.jpg' },
      membership: { ftcId: null, unionId: null, tier: null },
    });
    expect(account.id).toMatch(/^[0-9a-f-]{36}$/);

    const user = (await models().User.findByPk(account.id))!;
    expect(user.passwordHash).toMatch(/^\$scrypt\$v=1\$/);
    await expect(verifyPassword('correct horse', user.passwordHash!)).resolves.toBe(true);
    expect((await wechat.reload()).userId).toBe(user.id);
    expect(wechat.boundAt).toBeInstanceOf(Date);

    // The verification mail waits in the outbox, its token stored only as a hash.
    const [mail, ...more] = await outboxTo(user.email!);
    expect(more).toHaveLength(0);
    expect(mail!.status).toBe('pending');
    const verification = await models().EmailVerification.findOne({ where: { userId: user.id } });
    expect(verification!.email).toBe(user.email);
    expect(verification!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const ttl = verification!.expiresAt.getTime() - verification!.createdAt.getTime();
    expect(ttl).toBe(24 * 60 * 60 * 1000);

    // Audit: who (the client app), from where (IP, user agent), what.
    const audit = await auditOf(user.id);
    expect(audit.map((row) => row.action)).toEqual(['account.signup', 'account.link']);
    for (const row of audit) {
      expect(row.actorType).toBe('client_app');
      expect(row.actorId).toBe(client.clientAppId);
      expect(row.ip).toMatch(/127\.0\.0\.1/);
      expect(row.userAgent).toBe('account-tests/1.0');
    }
    expect(audit[0]!.details).toMatchObject({ unionId: wechat.accountKey, email: user.email });
    expect(JSON.stringify(audit.map((row) => row.details))).not.toContain('correct horse');
    expect(client.context.logLines.join('\n')).not.toContain('correct horse');
  });

  it("merges the WeChat side's membership: both ids on one row, the old row backed up", async () => {
    const wechat = await createWechatAccount(models());
    const membership = await createMembership(models(), { unionId: wechat.accountKey });
    const response = await signup(wechat.accountKey, validBody());
    expect(response.status).toBe(200);
    const userId = response.body.id;
    expect(response.body.membership).toMatchObject({
      ftcId: userId,
      unionId: wechat.accountKey,
      tier: 'standard',
      expireDate: membership.expireDate,
    });
    await membership.reload();
    expect([membership.userId, membership.unionId]).toEqual([userId, wechat.accountKey]);
    const backups = await models().MembershipBackup.findAll({
      where: { membershipId: membership.id },
    });
    expect(backups.map((backup) => backup.reason)).toEqual(['signup:merged']);
    expect(backups[0]!.snapshot).toMatchObject({ userId: null, unionId: wechat.accountKey });
    const actions = (await auditOf(userId)).map((row) => row.action);
    expect(actions).toEqual(['account.signup', 'account.link', 'membership.merge']);
  });

  it('merges an expired WeChat membership too (it is the only one)', async () => {
    const wechat = await createWechatAccount(models());
    await createMembership(
      models(),
      { unionId: wechat.accountKey },
      { expireDate: daysFromToday(-30) },
    );
    const response = await signup(wechat.accountKey, validBody());
    expect(response.body.membership).toMatchObject({
      ftcId: response.body.id,
      unionId: wechat.accountKey,
    });
  });

  it('answers 400 for a body that is not JSON, or not a JSON object', async () => {
    const wechat = await createWechatAccount(models());
    const broken = await signup(wechat.accountKey, undefined as unknown as object)
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ message: 'Problems parsing JSON' });
    const array = await signup(wechat.accountKey, [validBody()]);
    expect(array.status).toBe(400);
    expect(array.body).toEqual({ message: 'Body should be a JSON object' });
  });

  it.each([
    ['no email', { password: 'secret-password' }, 'email', 'missing_field'],
    ['an empty email', { email: '', password: 'secret-password' }, 'email', 'missing_field'],
    [
      'a malformed email',
      { email: 'not-an-email', password: 'secret-password' },
      'email',
      'invalid',
    ],
    ['an email that is not text', { email: 42, password: 'secret-password' }, 'email', 'invalid'],
    ['no password', { email: 'a@example.com' }, 'password', 'missing_field'],
    [
      'a 7-character password',
      { email: 'a@example.com', password: '1234567' },
      'password',
      'invalid',
    ],
    [
      'a 65-character password',
      { email: 'a@example.com', password: 'x'.repeat(65) },
      'password',
      'invalid',
    ],
    [
      'a sourceUrl that is not http(s)',
      { email: 'a@example.com', password: 'secret-password', sourceUrl: 'javascript:alert(1)' },
      'sourceUrl',
      'invalid',
    ],
    ['nothing at all (the first field is named)', {}, 'email', 'missing_field'],
  ])('answers 422 for %s, and creates nothing', async (_name, body, field, code) => {
    const wechat = await createWechatAccount(models());
    expect422(await signup(wechat.accountKey, body), field, code);
    expect((await wechat.reload()).userId).toBeNull();
  });

  it('accepts passwords of 8 and 64 characters, and an http(s) sourceUrl', async () => {
    for (const password of ['12345678', 'y'.repeat(64)]) {
      const wechat = await createWechatAccount(models());
      const response = await signup(wechat.accountKey, {
        email: uniqueEmail(),
        password,
        sourceUrl: 'https://next-user.example.com/verify',
      });
      expect(response.status).toBe(200);
    }
  });

  it('answers 422 email already_exists for a taken email, whatever its case', async () => {
    const existing = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    const response = await signup(wechat.accountKey, {
      email: existing.email!.toUpperCase(),
      password: 'secret-password',
    });
    expect422(response, 'email', 'already_exists');
    expect((await wechat.reload()).userId).toBeNull();
  });

  it('answers 404 for an unknown unionid, and creates nothing', async () => {
    const body = validBody();
    const response = await signup(uniqueUnionId(), body);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
    expect(await models().User.count({ where: { email: body.email } })).toBe(0);
  });

  it('answers 422 account already_exists when the WeChat account is already linked', async () => {
    const wechat = await createWechatAccount(models());
    expect((await signup(wechat.accountKey, validBody())).status).toBe(200);
    const again = validBody();
    expect422(await signup(wechat.accountKey, again), 'account', 'already_exists');
    expect(await models().User.count({ where: { email: again.email } })).toBe(0);
    expect(await outboxTo(again.email)).toHaveLength(0);
  });

  it('answers 422 membership invalid when the WeChat membership already has another owner', async () => {
    const other = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    await createMembership(models(), { unionId: wechat.accountKey, userId: other.id });
    const body = validBody();
    expect422(await signup(wechat.accountKey, body), 'membership', 'invalid');
    // The whole signup rolled back: no user, no link, no mail.
    expect(await models().User.count({ where: { email: body.email } })).toBe(0);
    expect((await wechat.reload()).userId).toBeNull();
    expect(await outboxTo(body.email)).toHaveLength(0);
  });

  it('needs the client key and X-Union-Id', async () => {
    const app = client.context.app.callback();
    const noKey = await request(app).post('/account/wx/signup').send(validBody());
    expect(noKey.status).toBe(401);
    const noUnion = await request(app)
      .post('/account/wx/signup')
      .set('Authorization', `Bearer ${client.clientKey}`)
      .send(validBody());
    expect(noUnion.status).toBe(400);
    expect(noUnion.body).toEqual({ message: 'Missing X-Union-Id header' });
  });

  it('two signups racing for one email: exactly one wins', async () => {
    const email = uniqueEmail();
    const wechats = await Promise.all([
      createWechatAccount(models()),
      createWechatAccount(models()),
    ]);
    const responses = await Promise.all(
      wechats.map((wechat) => signup(wechat.accountKey, { email, password: 'secret-password' })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 422]);
    expect422(
      responses.find((response) => response.status === 422)!,
      'email',
      'already_exists',
    );
    expect(await models().User.count({ where: { email } })).toBe(1);
    expect(await outboxTo(email)).toHaveLength(1);
    const linked = await Promise.all(wechats.map(async (wechat) => (await wechat.reload()).userId));
    expect(linked.filter(Boolean)).toHaveLength(1);
  });

  it('two signups racing for one WeChat account: exactly one wins', async () => {
    const wechat = await createWechatAccount(models());
    const bodies = [validBody(), validBody()];
    const responses = await Promise.all(bodies.map((body) => signup(wechat.accountKey, body)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 422]);
    expect422(
      responses.find((response) => response.status === 422)!,
      'account',
      'already_exists',
    );
    const users = await Promise.all(
      bodies.map((body) => models().User.count({ where: { email: body.email } })),
    );
    expect(users.reduce((sum, count) => sum + count, 0)).toBe(1);
  });
});
