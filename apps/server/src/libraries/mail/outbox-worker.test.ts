import { createSecretBox } from '../secret-box';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import type { MailMessage } from './mail-message';
import { createMailTransport } from './mail-transport';
import { enqueueMail } from './outbox';
import type { OutboxWorkerOptions } from './outbox-worker';
import { createOutboxWorker, mailDomainOf } from './outbox-worker';
import type { TestSmtpServer } from '../../../test/support/test-smtp-server';
import { freePort, startTestSmtpServer, waitUntil } from '../../../test/support/test-smtp-server';

describe('mail outbox worker', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const servers: TestSmtpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const smtpServer = async (port?: number) => {
    const server = await startTestSmtpServer({ port });
    servers.push(server);
    return server;
  };

  const secretBox = () => context.deps.secretBox;

  const mailTo = (to: string, extra: Partial<MailMessage> = {}): MailMessage => ({
    to,
    subject: '验证邮箱 / Verify your email',
    text: `Open https://example.com/verify/${unique('token')} to verify ${to}. 中文也可以。`,
    ...extra,
  });

  async function enqueue(message: MailMessage): Promise<string> {
    return context.sequelize.transaction((transaction) =>
      enqueueMail(context.models, secretBox(), message, transaction),
    );
  }

  const rowOf = async (id: string) => (await context.models.OutboxMessage.findByPk(id))!;

  function worker(
    recipients: string[],
    smtpUrl: string,
    overrides: Partial<OutboxWorkerOptions> = {},
  ) {
    return createOutboxWorker({
      sequelize: context.sequelize,
      logger: context.logger,
      secretBox: secretBox(),
      transport: createMailTransport({
        smtpUrl,
        from: 'wechat-bind <no-reply@example.com>',
        logger: context.logger,
        timeoutMs: 5_000,
      }),
      messageIdDomain: 'example.com',
      backoff: { baseMs: 20, maxMs: 100 },
      pollIntervalMs: 25,
      onlyRecipients: recipients,
      ...overrides,
    });
  }

  it('stores the body sealed, sends it over SMTP, marks it sent and drops the body', async () => {
    const server = await smtpServer();
    const to = `${unique('sealed')}@example.com`;
    const message = mailTo(to);
    const id = await enqueue(message);

    const stored = await rowOf(id);
    expect(stored.status).toBe('pending');
    expect(stored.kind).toBe('mail');
    expect(stored.payload).toMatchObject({ to, subject: message.subject });
    // The body (which in real mail holds a single-use token) is not readable in the row.
    expect(JSON.stringify(stored.payload)).not.toContain('example.com/verify');

    const result = await worker([to], server.url).runOnce();
    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0 });
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail!.envelopeTo).toEqual([to]);
    expect(mail!.subject).toBe(message.subject);
    expect(mail!.text.trim()).toBe(message.text);
    expect(mail!.headers['message-id']).toBe(`<outbox-${id}@example.com>`);
    expect(mail!.headers.from).toContain('no-reply@example.com');

    const sent = await rowOf(id);
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.attempts).toBe(1);
    expect(sent.payload).toEqual({ to, subject: message.subject });
  });

  it('SMTP down, then up: retries with backoff and the mail arrives exactly once', async () => {
    const port = await freePort();
    const to = `${unique('down')}@example.com`;
    const id = await enqueue(mailTo(to));
    const delivery = worker([to], `smtp://127.0.0.1:${port}`);

    expect(await delivery.runOnce()).toEqual({ claimed: 1, sent: 0, retried: 1, dead: 0 });
    const failed = await rowOf(id);
    expect(failed.status).toBe('pending');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);

    // Nothing is due until its backoff has passed; then the server is back.
    const server = await smtpServer(port);
    await waitUntil(async () => (await delivery.runOnce()).sent === 1);
    expect(await delivery.runOnce()).toEqual({ claimed: 0, sent: 0, retried: 0, dead: 0 });
    expect(server.received).toHaveLength(1);
    const delivered = await rowOf(id);
    expect(delivered.status).toBe('sent');
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(delivered.lastError).toBeNull();
  });

  it('the running worker keeps retrying while SMTP is down and delivers once it is up', async () => {
    const port = await freePort();
    const to = `${unique('loop')}@example.com`;
    const id = await enqueue(mailTo(to));
    const delivery = worker([to], `smtp://127.0.0.1:${port}`);
    delivery.start();
    delivery.start(); // idempotent
    try {
      await waitUntil(async () => (await rowOf(id)).attempts >= 2);
      const server = await smtpServer(port);
      await waitUntil(async () => (await rowOf(id)).status === 'sent');
      // A few more polling rounds: nothing is sent twice.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.received).toHaveLength(1);
    } finally {
      await delivery.stop();
    }
  });

  it('gives a message up (dead) after the last attempt', async () => {
    const port = await freePort();
    const to = `${unique('dead')}@example.com`;
    const id = await enqueue(mailTo(to));
    const delivery = worker([to], `smtp://127.0.0.1:${port}`, { maxAttempts: 2 });
    expect((await delivery.runOnce()).retried).toBe(1);
    await waitUntil(async () => (await delivery.runOnce()).dead === 1);
    const row = await rowOf(id);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(2);
    // Dead is final.
    expect((await delivery.runOnce()).claimed).toBe(0);
  });

  it('gives up at once on a payload it cannot open (another DATA_KEY)', async () => {
    const server = await smtpServer();
    const to = `${unique('foreign')}@example.com`;
    const id = await context.sequelize.transaction((transaction) =>
      enqueueMail(context.models, createSecretBox(Buffer.alloc(32, 1)), mailTo(to), transaction),
    );
    expect(await worker([to], server.url).runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect((await rowOf(id)).status).toBe('dead');
    expect(server.received).toHaveLength(0);
  });

  it('two workers racing over the same mail send each message once', async () => {
    const server = await smtpServer();
    const recipients = Array.from({ length: 6 }, () => `${unique('race')}@example.com`);
    await Promise.all(recipients.map((to) => enqueue(mailTo(to))));
    const first = worker(recipients, server.url, { batchSize: 2 });
    const second = worker(recipients, server.url, { batchSize: 2 });
    let sent = 0;
    while (sent < recipients.length) {
      const results = await Promise.all([first.runOnce(), second.runOnce()]);
      sent += results.reduce((sum, result) => sum + result.sent, 0);
      expect(results.every((result) => result.retried === 0 && result.dead === 0)).toBe(true);
    }
    expect(sent).toBe(recipients.length);
    expect(server.received.map((mail) => mail.envelopeTo[0]).sort()).toEqual(
      [...recipients].sort(),
    );
  });

  it('delivers only the recipients it is scoped to', async () => {
    const server = await smtpServer();
    const mine = `${unique('mine')}@example.com`;
    const other = `${unique('other')}@example.com`;
    await enqueue(mailTo(mine));
    const otherId = await enqueue(mailTo(other));
    expect((await worker([mine], server.url).runOnce()).sent).toBe(1);
    expect((await worker([], server.url).runOnce()).claimed).toBe(0);
    expect((await rowOf(otherId)).status).toBe('pending');
    expect((await worker([other], server.url).runOnce()).sent).toBe(1);
  });

  it('without SMTP_URL logs recipient and subject, never the body', async () => {
    const to = `${unique('logged')}@example.com`;
    const message = mailTo(to);
    const id = await enqueue(message);
    const delivery = createOutboxWorker({
      sequelize: context.sequelize,
      logger: context.logger,
      secretBox: secretBox(),
      transport: createMailTransport({ from: 'x <a@b.c>', logger: context.logger }),
      onlyRecipients: [to],
    });
    expect((await delivery.runOnce()).sent).toBe(1);
    expect((await rowOf(id)).status).toBe('sent');
    const lines = context.logLines.filter((line) => line.includes(to));
    expect(lines.some((line) => line.includes('SMTP_URL is unset'))).toBe(true);
    const token = /verify\/(\S+)/.exec(message.text)![1]!;
    expect(context.logLines.join('\n')).not.toContain(token);
  });

  it('reads the Message-ID domain from MAIL_FROM', () => {
    expect(mailDomainOf('wechat-bind <no-reply@mail.example.com>')).toBe('mail.example.com');
    expect(mailDomainOf('no-reply@example.org')).toBe('example.org');
    expect(mailDomainOf('nobody')).toBe('localhost');
  });
});
