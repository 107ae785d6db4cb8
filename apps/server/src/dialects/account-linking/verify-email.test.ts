import request from 'supertest';
import { createApp } from '../../app';
import Redis from 'ioredis';
import { createEmailUser, createWechatAccount } from '../../../test/support/account-test-data';
import { createEmailVerification } from '../../libraries/account-linking/email-verification';
import { createMailTransport } from '../../libraries/mail/mail-transport';
import { createOutboxWorker } from '../../libraries/mail/outbox-worker';
import type { TestSmtpServer } from '../../../test/support/test-smtp-server';
import { startTestSmtpServer } from '../../../test/support/test-smtp-server';
import { uniqueEmail } from '../../../test/support/test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';
import { VERIFY_EMAIL_LIMIT } from '../../libraries/account-linking/email-verification-limit';

const PUBLIC_URL = 'http://wechat-bind.test';
/** The origins a signup's sourceUrl may name: this server's, and the client's own page. */
const VERIFY_EMAIL_ORIGINS = `${PUBLIC_URL},https://next-user.example.com`;

describe('email verification, end to end', () => {
  let client: AccountTestClient;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    client = await createAccountTestClient({ config: { PUBLIC_URL, VERIFY_EMAIL_ORIGINS } });
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await client.close();
  });
  const models = () => client.context.models;
  const app = () => client.context.app.callback();

  /** Delivers this test's mail (and only it) through the real SMTP server; returns the mail. */
  async function deliverMailTo(email: string) {
    const worker = createOutboxWorker({
      sequelize: client.context.sequelize,
      logger: client.context.logger,
      secretBox: client.context.deps.secretBox,
      transport: createMailTransport({
        smtpUrl: smtp.url,
        from: 'wechat-bind <no-reply@wechat-bind.test>',
        logger: client.context.logger,
      }),
      onlyRecipients: [email],
    });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const mails = smtp.received.filter((mail) => mail.envelopeTo.includes(email));
    expect(mails).toHaveLength(1);
    return mails[0]!;
  }

  const linkIn = (text: string) => /(https?:\/\/\S+)/.exec(text)?.[1];

  async function signup(body: { email: string; password: string; sourceUrl?: string }) {
    const wechat = await createWechatAccount(models());
    const response = await client.post('/account/wx/signup', wechat.accountKey, body);
    expect(response.status).toBe(200);
    return { wechat, account: response.body };
  }

  it('signup → mail over SMTP → the link verifies the email, once', async () => {
    const email = uniqueEmail();
    const { wechat, account } = await signup({ email, password: 'secret-password' });
    expect(account.isVerified).toBe(false);

    const mail = await deliverMailTo(email);
    expect(mail.subject).toBe('验证您的邮箱 / Verify your email address');
    const link = linkIn(mail.text)!;
    expect(link).toMatch(
      new RegExp(`^${PUBLIC_URL}/account/verify-email/[A-Za-z0-9_-]{43}$`.replace(/\./g, '\\.')),
    );
    const token = link.split('/').pop()!;
    // The token is in the mail only: the store keeps its hash, the outbox row dropped the body.
    const row = (await models().OutboxMessage.findAll({ where: { payload: { to: email } } }))[0]!;
    expect(row.status).toBe('sent');
    expect(JSON.stringify(row.payload)).not.toContain(token);

    const verified = await request(app()).get(new URL(link).pathname);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ email, isVerified: true });
    const user = (await models().User.findByPk(account.id))!;
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    const after = await client.get('/account/wx', wechat.accountKey);
    expect(after.body.isVerified).toBe(true);

    const audit = await models().AuditEvent.findOne({
      where: { subjectType: 'user', subjectId: account.id, action: 'account.email_verified' },
    });
    expect(audit).not.toBeNull();

    // Single use.
    const again = await request(app()).get(new URL(link).pathname);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ message: 'Not Found' });
    // The request log names the route pattern, never the token.
    expect(client.context.logLines.join('\n')).not.toContain(token);
  });

  it("links to the client's sourceUrl when given (the token appended to its path)", async () => {
    const email = uniqueEmail();
    await signup({
      email,
      password: 'secret-password',
      sourceUrl: 'https://next-user.example.com/verify/?from=mail',
    });
    const link = linkIn((await deliverMailTo(email)).text)!;
    const url = new URL(link);
    expect(url.origin + url.pathname).toMatch(
      /^https:\/\/next-user\.example\.com\/verify\/[A-Za-z0-9_-]{43}$/,
    );
    expect(url.search).toBe('?from=mail');
    // That page calls this server's endpoint with the token.
    const token = url.pathname.split('/').pop()!;
    const verified = await request(app()).get(`/account/verify-email/${token}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ email, isVerified: true });
  });

  it.each([
    ['another site', 'https://attacker.example.net/verify', 'https://attacker.example.net'],
    [
      'a look-alike host',
      'https://next-user.example.com.attacker.net/v',
      'https://next-user.example.com.attacker.net',
    ],
    [
      'the right host on another scheme',
      'http://next-user.example.com/verify',
      'http://next-user.example.com',
    ],
    [
      'the right host on another port',
      'https://next-user.example.com:8443/verify',
      'https://next-user.example.com:8443',
    ],
  ])(
    "ignores a sourceUrl on %s: the mail delivered carries the server's own link, and it is logged",
    async (_name, sourceUrl, origin) => {
      // The attack: sign up with someone else's address, so the mail sends them a live token to
      // the sender's page, whose visit verifies the sender's account.
      const email = uniqueEmail();
      await signup({ email, password: 'secret-password', sourceUrl });
      const link = linkIn((await deliverMailTo(email)).text)!;
      expect(new URL(link).origin).toBe(PUBLIC_URL);
      expect(link).toMatch(/\/account\/verify-email\/[A-Za-z0-9_-]{43}$/);
      const warning = client.context.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.origin === origin);
      expect(warning).toMatchObject({
        level: 40,
        msg: expect.stringContaining('VERIFY_EMAIL_ORIGINS'),
      });
    },
  );

  async function tokenFor(email?: string, now = new Date()) {
    const user = await createEmailUser(models(), email ? { email } : {});
    const token = await client.context.sequelize.transaction((transaction) =>
      createEmailVerification(models(), { userId: user.id, email: user.email!, now }, transaction),
    );
    return { user, token };
  }

  it('refuses an expired token (older than 24 hours)', async () => {
    const { user, token } = await tokenFor(
      undefined,
      new Date(Date.now() - 24 * 60 * 60 * 1000 - 1000),
    );
    const response = await request(app()).get(`/account/verify-email/${token}`);
    expect(response.status).toBe(404);
    expect((await user.reload()).emailVerifiedAt).toBeNull();
  });

  it('refuses a token for an address the user no longer has', async () => {
    const { user, token } = await tokenFor();
    await user.update({ email: uniqueEmail() });
    expect((await request(app()).get(`/account/verify-email/${token}`)).status).toBe(404);
    expect((await user.reload()).emailVerifiedAt).toBeNull();
  });

  it('answers 404 for unknown and malformed tokens', async () => {
    for (const token of ['A'.repeat(43), 'short', `${'A'.repeat(43)}x`, '%00']) {
      const response = await request(app()).get(`/account/verify-email/${token}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: 'Not Found' });
    }
  });

  it('two clicks racing: exactly one verifies', async () => {
    const { token } = await tokenFor();
    const responses = await Promise.all(
      [1, 2, 3].map(() => request(app()).get(`/account/verify-email/${token}`)),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 404, 404]);
  });

  it('limits failed tries per IP: 429 with Retry-After once the budget is spent', async () => {
    // A context of its own, so the other tests' tries do not count.
    const limited = await createAccountTestClient();
    try {
      const callback = limited.context.app.callback();
      // Good links never use the budget: a shared address (an office, a carrier NAT) clicking
      // many of them is not refused.
      for (let index = 0; index <= VERIFY_EMAIL_LIMIT.points; index += 1) {
        const { token } = await tokenFor();
        expect((await request(callback).get(`/account/verify-email/${token}`)).status).toBe(200);
      }
      for (let index = 0; index < VERIFY_EMAIL_LIMIT.points; index += 1) {
        expect((await request(callback).get('/account/verify-email/nope')).status).toBe(404);
      }
      const { token } = await tokenFor();
      const refused = await request(callback).get(`/account/verify-email/${token}`);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ message: 'Too Many Requests' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 when Redis (which counts the tries) is away, and spends no token', async () => {
    const { user, token } = await tokenFor();
    // A real client for a port where no Redis listens, failing fast (no queue, no reconnecting,
    // so the test leaves no timer behind): every command fails at once.
    const redis = new Redis('redis://127.0.0.1:9', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      const away = createApp({ ...client.context.deps, redis });
      const response = await request(away.callback()).get(`/account/verify-email/${token}`);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ message: 'Service Unavailable' });
      expect((await user.reload()).emailVerifiedAt).toBeNull();
    } finally {
      // The refused connection ends the client by itself (no reconnecting); disconnect() on it
      // would leave ioredis's 2 s stream-closing timer behind.
      if (redis.status !== 'end') await new Promise((resolve) => redis.once('end', resolve));
    }
  });

  it('needs no client key (the token is the credential)', async () => {
    const { token } = await tokenFor();
    const response = await request(app())
      .get(`/account/verify-email/${token}`)
      .set('Authorization', 'Bearer nonsense');
    expect(response.status).toBe(200);
  });
});
