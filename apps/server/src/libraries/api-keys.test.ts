import { randomBytes } from 'node:crypto';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import {
  BIND_WEIXIN_ACTION,
  findActiveApiKey,
  issueApiKey,
  listApiKeys,
  markApiKeyUsed,
  revokeApiKey,
} from './api-keys';
import { NotFoundError, ValidationError } from './errors';
import { SecretBoxError, createSecretBox } from './secret-box';
import { createUser } from './users';

const DAY = 24 * 60 * 60 * 1000;

describe('Caa api keys', () => {
  let context: TestContext;
  const secretBox = createSecretBox(randomBytes(32));
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const newUser = () => createUser(context.models, {});

  it('issues a key pair of two 44-character base64 values, for 30 days and bind-weixin by default', async () => {
    const user = await newUser();
    const now = new Date('2030-01-01T00:00:00Z');
    const issued = await issueApiKey(context.models, secretBox, { userId: user.id, now });
    expect(issued.apiKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(issued.apiSecret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(issued.apiKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(issued.apiSecret, 'base64')).toHaveLength(32);
    expect(issued.apiKey).not.toBe(issued.apiSecret);
    expect(issued.actions).toEqual([BIND_WEIXIN_ACTION]);
    expect(issued.expiresAt).toEqual(new Date(now.getTime() + 30 * DAY));
  });

  it('stores the key id plain and the secret sealed, never plain', async () => {
    const user = await newUser();
    const issued = await issueApiKey(context.models, secretBox, { userId: user.id });
    const row = await context.models.ApiKey.findOne({ where: { keyId: issued.apiKey } });
    expect(row).not.toBeNull();
    expect(row!.userId).toBe(user.id);
    expect(row!.secretCiphertext).toMatch(/^v1\./);
    expect(row!.secretCiphertext).not.toContain(issued.apiSecret);
    expect(row!.secretCiphertext).not.toContain(
      Buffer.from(issued.apiSecret, 'base64').toString('base64url'),
    );
    expect(secretBox.open(row!.secretCiphertext)).toBe(issued.apiSecret);
    // Nothing else in the row holds the secret either.
    expect(JSON.stringify(row!.toJSON())).not.toContain(issued.apiSecret);
  });

  it('finds an active key with its user, secret and actions', async () => {
    const user = await newUser();
    const issued = await issueApiKey(context.models, secretBox, {
      userId: user.id,
      actions: ['client:my:bind-weixin', 'client:my:profile', 'client:my:profile'],
      ttlDays: 7,
    });
    expect(issued.actions).toEqual(['client:my:bind-weixin', 'client:my:profile']);
    expect(await findActiveApiKey(context.models, secretBox, issued.apiKey)).toEqual({
      userId: user.id,
      apiSecret: issued.apiSecret,
      actions: ['client:my:bind-weixin', 'client:my:profile'],
      expiresAt: issued.expiresAt,
      lastUsedAt: null,
    });
  });

  it('finds nothing for an unknown, malformed, expired or revoked key', async () => {
    const user = await newUser();
    const unknown = randomBytes(32).toString('base64');
    expect(await findActiveApiKey(context.models, secretBox, unknown)).toBeNull();
    expect(await findActiveApiKey(context.models, secretBox, 'not a key')).toBeNull();
    expect(await findActiveApiKey(context.models, secretBox, '')).toBeNull();

    const issuedAt = new Date(Date.now() - 2 * DAY);
    const expiring = await issueApiKey(context.models, secretBox, {
      userId: user.id,
      ttlDays: 1,
      now: issuedAt,
    });
    const stillValid = new Date(issuedAt.getTime() + DAY - 1);
    expect(
      await findActiveApiKey(context.models, secretBox, expiring.apiKey, stillValid),
    ).not.toBeNull();
    const atExpiry = new Date(issuedAt.getTime() + DAY);
    expect(await findActiveApiKey(context.models, secretBox, expiring.apiKey, atExpiry)).toBeNull();
    expect(await findActiveApiKey(context.models, secretBox, expiring.apiKey)).toBeNull();

    const revoked = await issueApiKey(context.models, secretBox, { userId: user.id });
    await revokeApiKey(context.models, revoked.apiKey);
    expect(await findActiveApiKey(context.models, secretBox, revoked.apiKey)).toBeNull();
  });

  it('fails loudly, not as "no such key", when the secret cannot be unsealed', async () => {
    const user = await newUser();
    const issued = await issueApiKey(context.models, secretBox, { userId: user.id });
    const otherBox = createSecretBox(randomBytes(32));
    await expect(findActiveApiKey(context.models, otherBox, issued.apiKey)).rejects.toBeInstanceOf(
      SecretBoxError,
    );
  });

  it('refuses an unknown user, bad actions and bad lifetimes', async () => {
    const user = await newUser();
    for (const userId of ['00000000-0000-4000-8000-000000000000', 'nobody']) {
      await expect(issueApiKey(context.models, secretBox, { userId })).rejects.toThrow(
        new NotFoundError('user', userId),
      );
    }
    for (const actions of [[], ['Client:My'], ['client::x'], ['client my'], ['']]) {
      await expect(
        issueApiKey(context.models, secretBox, { userId: user.id, actions }),
      ).rejects.toMatchObject({ name: 'ValidationError', field: 'actions' });
    }
    for (const ttlDays of [0, -3, 1.5, 3651, Number.NaN]) {
      await expect(
        issueApiKey(context.models, secretBox, { userId: user.id, ttlDays }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await context.models.ApiKey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('lists keys without secrets, with their status, for one user or all', async () => {
    const user = await newUser();
    const other = await newUser();
    const active = await issueApiKey(context.models, secretBox, { userId: user.id });
    const revoked = await issueApiKey(context.models, secretBox, { userId: user.id });
    await revokeApiKey(context.models, revoked.apiKey);
    const expired = await issueApiKey(context.models, secretBox, {
      userId: user.id,
      ttlDays: 1,
      now: new Date(Date.now() - 2 * DAY),
    });
    const others = await issueApiKey(context.models, secretBox, { userId: other.id });

    const listed = await listApiKeys(context.models, { userId: user.id });
    expect(new Map(listed.map((key) => [key.apiKey, key.status]))).toEqual(
      new Map([
        [active.apiKey, 'active'],
        [revoked.apiKey, 'revoked'],
        [expired.apiKey, 'expired'],
      ]),
    );
    for (const key of listed) {
      expect(Object.keys(key).sort()).toEqual([
        'actions',
        'apiKey',
        'createdAt',
        'expiresAt',
        'lastUsedAt',
        'revokedAt',
        'status',
        'userId',
      ]);
    }
    const text = JSON.stringify(listed);
    for (const issued of [active, revoked, expired]) expect(text).not.toContain(issued.apiSecret);

    const all = await listApiKeys(context.models);
    expect(all.map((key) => key.apiKey)).toEqual(
      expect.arrayContaining([active.apiKey, others.apiKey]),
    );
    expect(await listApiKeys(context.models, { userId: 'nobody' })).toEqual([]);
  });

  it('revokes a key once; again, or an unknown key, is NotFound', async () => {
    const user = await newUser();
    const issued = await issueApiKey(context.models, secretBox, { userId: user.id });
    const now = new Date();
    await revokeApiKey(context.models, issued.apiKey, now);
    const row = await context.models.ApiKey.findOne({ where: { keyId: issued.apiKey } });
    expect(row!.revokedAt).toEqual(now);

    await expect(revokeApiKey(context.models, issued.apiKey)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiKey(context.models, 'unknown')).rejects.toThrow(
      'api key unknown not found or already revoked',
    );
    // Revoking again did not move the time of the first revocation.
    await row!.reload();
    expect(row!.revokedAt).toEqual(now);
  });

  it('records use at most once a minute', async () => {
    const user = await newUser();
    const issued = await issueApiKey(context.models, secretBox, { userId: user.id });
    const lastUsed = async () =>
      (await context.models.ApiKey.findOne({ where: { keyId: issued.apiKey } }))!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = new Date();
    await markApiKeyUsed(context.models, issued.apiKey, first);
    expect(await lastUsed()).toEqual(first);
    await markApiKeyUsed(context.models, issued.apiKey, new Date(first.getTime() + 30_000));
    expect(await lastUsed()).toEqual(first);
    const later = new Date(first.getTime() + 61_000);
    await markApiKeyUsed(context.models, issued.apiKey, later);
    expect(await lastUsed()).toEqual(later);
  });
});
