import Redis from 'ioredis';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../app';
import {
  TEST_PASSWORD,
  createEmailUser,
  createMembership,
  createWechatAccount,
} from '../../../test/support/account-test-data';
import { LINK_PASSWORD_FAILURE_LIMIT } from '../../libraries/account-linking/password-failure-limit';
import { uniqueEmail } from '../../../test/support/test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

/**
 * An `app` key ships inside a client, so anyone can extract it. Ids are not secret either (they
 * come back as `id`, `uid`, `_id`), so a link made with an app key must prove the email account
 * with its password; otherwise anyone could link their own WeChat to a stranger's email account
 * and sign in to it. TRUST_PROXY is on so the tests can speak from different addresses.
 */
describe('POST /account/wx/link with an app key: the email account must be proven', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient({ kind: 'app', config: { TRUST_PROXY: '1' } });
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const link = (unionId: string, body: object, address = randomAddress()) =>
    client.post('/account/wx/link', unionId, body).set('X-Forwarded-For', address);

  /** The attacker's own WeChat account, and a victim's email account with a paid membership. */
  async function attackerAndVictim() {
    const attacker = await createWechatAccount(models());
    const victim = await createEmailUser(models());
    const membership = await createMembership(models(), { userId: victim.id });
    return { attacker, victim, membership };
  }

  async function expectNothingChanged({
    attacker,
    victim,
    membership,
  }: Awaited<ReturnType<typeof attackerAndVictim>>) {
    expect((await attacker.reload()).userId).toBeNull();
    await membership.reload();
    expect([membership.userId, membership.unionId]).toEqual([victim.id, null]);
    expect(await models().AuditEvent.count({ where: { subjectId: victim.id } })).toBe(0);
  }

  it.each([
    ['without a password', {}, 'missing_field'],
    ['with an empty password', { password: '' }, 'missing_field'],
    ['with a password that is not text', { password: 12345678 }, 'invalid'],
    ['with a wrong password', { password: 'not-the-password' }, 'invalid'],
  ])(
    "refuses to link a stranger's email account by its id %s, and changes nothing",
    async (_name, extra, code) => {
      const pair = await attackerAndVictim();
      const response = await link(pair.attacker.accountKey, { userId: pair.victim.id, ...extra });
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.text).toBe(
        `{"message":"Validation Failed","error":{"field":"password","code":"${code}"}}`,
      );
      await expectNothingChanged(pair);
    },
  );

  it("links with the email account's password: 204, no body, the proof in the audit", async () => {
    const wechat = await createWechatAccount(models());
    const user = await createEmailUser(models());
    const response = await link(wechat.accountKey, { userId: user.id, password: TEST_PASSWORD });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await wechat.reload()).userId).toBe(user.id);
    const audit = await models().AuditEvent.findOne({
      where: { subjectId: user.id, action: 'account.link' },
    });
    expect(audit!.details).toMatchObject({ via: 'link', proof: 'password' });
    expect(audit!.actorId).toBe(client.clientAppId);
  });

  it('checks the password before the link rules: a wrong one learns nothing about the pair', async () => {
    const user = await createEmailUser(models());
    const taken = await createWechatAccount(models());
    await taken.update({ userId: user.id, boundAt: new Date() });
    const wechat = await createWechatAccount(models());
    const response = await link(wechat.accountKey, { userId: user.id, password: 'wrong-guess' });
    expect(response.body).toEqual({
      message: 'Validation Failed',
      error: { field: 'password', code: 'invalid' },
    });
  });

  it('limits failed passwords per account and address, without locking the owner out', async () => {
    const { perAccountAndAddress } = LINK_PASSWORD_FAILURE_LIMIT;
    const victim = await createEmailUser(models());
    const guesser = randomAddress();
    for (let index = 0; index < perAccountAndAddress; index += 1) {
      const wechat = await createWechatAccount(models());
      const response = await link(
        wechat.accountKey,
        { userId: victim.id, password: `guess-${index}` },
        guesser,
      );
      expect(response.status).toBe(422);
    }
    // Over the limit, even the right password is refused from that address: guessing on gains
    // nothing.
    const attacker = await createWechatAccount(models());
    const refused = await link(
      attacker.accountKey,
      { userId: victim.id, password: TEST_PASSWORD },
      guesser,
    );
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ message: 'Too Many Requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attacker.reload()).userId).toBeNull();
    // The owner, elsewhere, is not locked out by the guesser's failures.
    const own = await createWechatAccount(models());
    const mine = await link(own.accountKey, { userId: victim.id, password: TEST_PASSWORD });
    expect(mine.status).toBe(204);
    // Each failure costs a scrypt hash (~100 ms, far more on a loaded CI machine).
  }, 90_000);

  it('limits failed passwords per address across accounts', async () => {
    const { perAddress, perAccountAndAddress } = LINK_PASSWORD_FAILURE_LIMIT;
    const sprayer = randomAddress();
    const wechat = await createWechatAccount(models());
    // A few guesses at each of several accounts, so only the per-address limit can stop them.
    const targets = await Promise.all(
      Array.from({ length: Math.ceil(perAddress / perAccountAndAddress) }, () =>
        createEmailUser(models()),
      ),
    );
    for (let index = 0; index < perAddress; index += 1) {
      const userId = targets[Math.floor(index / perAccountAndAddress)]!.id;
      const response = await link(wechat.accountKey, { userId, password: 'spray-guess' }, sprayer);
      expect(response.status).toBe(422);
    }
    const fresh = await createEmailUser(models());
    const refused = await link(
      wechat.accountKey,
      { userId: fresh.id, password: TEST_PASSWORD },
      sprayer,
    );
    expect(refused.status).toBe(429);
  }, 90_000);

  it('answers 503 when Redis (which counts failed passwords) is away, and links nothing', async () => {
    const wechat = await createWechatAccount(models());
    const user = await createEmailUser(models());
    // A client for a port where no Redis listens, failing fast (no queue, no reconnecting).
    const redis = new Redis('redis://127.0.0.1:9', {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      const away = createApp({ ...client.context.deps, redis });
      const response = await request(away.callback())
        .post('/account/wx/link')
        .set('Authorization', `Bearer ${client.clientKey}`)
        .set('X-Union-Id', wechat.accountKey)
        .send({ userId: user.id, password: TEST_PASSWORD });
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ message: 'Service Unavailable' });
      expect((await wechat.reload()).userId).toBeNull();
    } finally {
      if (redis.status !== 'end') await new Promise((resolve) => redis.once('end', resolve));
    }
  });

  it('leaves signup as it is: an app key signs a WeChat user up', async () => {
    const wechat = await createWechatAccount(models());
    const response = await client
      .post('/account/wx/signup', wechat.accountKey, {
        email: uniqueEmail(),
        password: 'secret-password',
      })
      .set('X-Forwarded-For', randomAddress());
    expect(response.status).toBe(200);
    expect(response.body.loginMethod).toBe('email');
  });
});

describe('POST /account/wx/link with a server key: the document as written', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient({ kind: 'server' });
  });
  afterAll(() => client.close());

  it('links by the email account id alone (the back end signed its user in)', async () => {
    const wechat = await createWechatAccount(client.context.models);
    const user = await createEmailUser(client.context.models);
    const response = await client.post('/account/wx/link', wechat.accountKey, { userId: user.id });
    expect(response.status).toBe(204);
    expect((await wechat.reload()).userId).toBe(user.id);
  });
});
