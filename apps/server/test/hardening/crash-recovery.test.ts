import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createWechatAccount, uniqueUnionId } from '../support/account-test-data';
import { createClientAppKey } from '../../src/libraries/client-app-keys';
import type { TestSmtpServer } from '../support/test-smtp-server';
import { startTestSmtpServer, waitUntil } from '../support/test-smtp-server';
import { createLogger } from '../../src/logger';
import { createSequelize } from '../../src/store/database';
import { defineModels } from '../../src/store/models';
import { closedPort } from '../support/closed-port';
import type { SpawnedServer } from '../support/spawn-server';
import { spawnServer } from '../support/spawn-server';
import { unique } from '../support/test-context';
import type { PrivateDatabase } from '../support/private-database';
import { openPrivateDatabase } from '../support/private-database';

// Real server processes, killed and started again.
jest.setTimeout(120_000);

const SIGNUPS = 12;
const DOMAIN = 'crash.example.com';

interface Signup {
  unionId: string;
  email: string;
  /** The reply's status, when the client got one before the crash. */
  status?: number;
}

const countOf = async (db: Client, sql: string, values: unknown[] = []) =>
  Number((await db.query<{ n: string }>(sql, values)).rows[0]!.n);

/**
 * What is in the store for one signup. A signup is one transaction (user, link, audit rows,
 * verification token, outbox mail), so after a crash either all of it is there or none of it.
 */
async function storedSignup(db: Client, { unionId, email }: Signup) {
  const user = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
  const userId = user.rows[0]?.id ?? null;
  const link = await db.query<{ user_id: string | null }>(
    "SELECT user_id FROM external_accounts WHERE provider = 'wechat' AND account_key = $1",
    [unionId],
  );
  return {
    user: userId !== null,
    linked: userId !== null && link.rows[0]?.user_id === userId,
    mails: await countOf(
      db,
      "SELECT count(*) AS n FROM outbox_messages WHERE payload->>'to' = $1",
      [email],
    ),
    tokens: await countOf(db, 'SELECT count(*) AS n FROM email_verifications WHERE user_id = $1', [
      userId,
    ]),
    audits: await countOf(
      db,
      "SELECT count(*) AS n FROM audit_events WHERE details->>'unionId' = $1",
      [unionId],
    ),
  };
}

describe('a crash between the store write and the reply', () => {
  let database: PrivateDatabase;
  let smtp: TestSmtpServer;
  const servers: SpawnedServer[] = [];
  beforeAll(async () => {
    // The database runs apart from the server, as in production, so killing the server leaves
    // it with exactly what was committed; it is this test's own, so the outbox holds only the
    // mail this test causes.
    database = await openPrivateDatabase();
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
    }
    await smtp?.close();
    await database?.close();
  });

  /** The server as `npm start` runs it, on this test's database. */
  function start(smtpUrl: string): SpawnedServer {
    const server = spawnServer({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      ...(process.env.REDIS_URL
        ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `test:${unique('crash')}:` }
        : {}),
      // The outbox seals mail bodies with DATA_KEY: every run must have the same one.
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      JWT_SECRET: 'crash-test-jwt-secret-of-at-least-32-chars',
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'wechat-bind <no-reply@crash.example.com>',
    });
    servers.push(server);
    return server;
  }

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    return client;
  }

  async function prepareSignups(): Promise<{ key: string; signups: Signup[] }> {
    const sequelize = createSequelize({
      url: database.url,
      poolMax: 1,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const models = defineModels(sequelize);
      const { key } = await createClientAppKey(models, { name: unique('crash-client') });
      const signups: Signup[] = [];
      for (let index = 0; index < SIGNUPS; index += 1) {
        const unionId = uniqueUnionId();
        await createWechatAccount(models, { unionId });
        signups.push({ unionId, email: `${unique('crash')}@${DOMAIN}` });
      }
      return { key, signups };
    } finally {
      await sequelize.close();
    }
  }

  it('keeps each signup whole or not at all, and still sends each mail exactly once', async () => {
    // First run: SMTP is down, so nothing can have been delivered before the crash.
    const first = start(`smtp://127.0.0.1:${await closedPort()}`);
    const [url, { key, signups }] = await Promise.all([first.listening, prepareSignups()]);

    const db = await connect();
    const requests = signups.map(async (signup) => {
      try {
        const response = await fetch(`${url}/account/wx/signup`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'x-union-id': signup.unionId,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ email: signup.email, password: 'crash-test-password' }),
        });
        signup.status = response.status;
      } catch {
        // The connection died with the server: no reply, which is the case under test.
      }
    });
    // Kill the server the moment the first signup has committed: the others are mid-flight.
    await waitUntil(
      async () =>
        (await countOf(db, 'SELECT count(*) AS n FROM users WHERE email LIKE $1', [
          `%@${DOMAIN}`,
        ])) > 0,
      { intervalMs: 5 },
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(requests);
    await db.end();

    // Second run: the same database, SMTP up.
    const second = start(smtp.url);
    await second.listening;
    const after = await connect();
    try {
      const stored = [];
      for (const signup of signups)
        stored.push({ signup, found: await storedSignup(after, signup) });
      const whole = stored.filter(({ found }) => found.user);
      expect(whole.length).toBeGreaterThanOrEqual(1);
      for (const { signup, found } of stored) {
        const expected = found.user
          ? { user: true, linked: true, mails: 1, tokens: 1, audits: 2 }
          : { user: false, linked: false, mails: 0, tokens: 0, audits: 0 };
        expect({ email: signup.email, ...found }).toEqual({ email: signup.email, ...expected });
        // A reply the client saw means the signup is there.
        if (signup.status === 200) expect(found.user).toBe(true);
      }

      // The first run's failed attempts wait out a backoff of 30 s or more: make them due now.
      await after.query(
        "UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending'",
      );
      await waitUntil(
        async () =>
          (await countOf(
            after,
            "SELECT count(*) AS n FROM outbox_messages WHERE status <> 'sent'",
          )) === 0,
        { timeoutMs: 20_000, intervalMs: 100 },
      );
      // Another round of the worker (every 2 s) would show a second delivery if there were one.
      await sleep(2_500);
      for (const { signup, found } of stored) {
        const mails = smtp.received.filter((mail) => mail.envelopeTo.includes(signup.email));
        expect({ email: signup.email, mails: mails.length }).toEqual({
          email: signup.email,
          mails: found.user ? 1 : 0,
        });
      }
      expect(smtp.received).toHaveLength(whole.length);
      expect(new Set(smtp.received.map((mail) => mail.headers['message-id'])).size).toBe(
        whole.length,
      );
    } finally {
      await after.end();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
