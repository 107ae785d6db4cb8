import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import { NotFoundError, ValidationError } from './errors';
import {
  authenticatePersonalAccessToken,
  issuePersonalAccessToken,
  listPersonalAccessTokens,
  revokePersonalAccessToken,
} from './personal-access-tokens';
import { sha256Hex } from './token-hash';
import { createUser } from './users';

const DAY = 24 * 60 * 60 * 1000;

describe('personal access tokens', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const newUser = () => createUser(context.models, {});
  const rowOf = async (id: string) => (await context.models.PersonalAccessToken.findByPk(id))!;

  it('issues `<id>|<40 letters and digits>`, storing only the SHA-256 of the secret', async () => {
    const user = await newUser();
    const issued = await issuePersonalAccessToken(context.models, {
      userId: user.id,
      name: ' laptop ',
    });
    expect(issued.token).toMatch(/^[1-9]\d*\|[A-Za-z0-9]{40}$/);
    const [id, secret] = issued.token.split('|') as [string, string];
    expect(id).toBe(issued.id);
    expect(issued.expiresAt).toBeNull();

    const row = await rowOf(id);
    expect(row.userId).toBe(user.id);
    expect(row.name).toBe('laptop');
    expect(row.tokenHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row.toJSON())).not.toContain(secret);
  });

  it('authenticates the token as its user, and records the use', async () => {
    const user = await newUser();
    const issued = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'ci' });
    expect((await rowOf(issued.id)).lastUsedAt).toBeNull();
    const now = new Date();
    expect(await authenticatePersonalAccessToken(context.models, issued.token, now)).toBe(user.id);
    expect((await rowOf(issued.id)).lastUsedAt).toEqual(now);
  });

  it('refuses malformed tokens without a lookup, and wrong secrets', async () => {
    const user = await newUser();
    const issued = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'x' });
    const [id, secret] = issued.token.split('|') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    for (const bad of [
      '',
      secret,
      `${id}|`,
      `|${secret}`,
      `${id}|${flipped}`,
      `${id}|${secret}x`,
      `${id}|${secret.slice(1)}`,
      `0${id}|${secret}`,
      `${id} |${secret}`,
      ` ${issued.token}`,
      `${issued.token}\n`,
      `Bearer ${issued.token}`,
      `${id}|${secret.slice(0, -1)}_`,
      `99999999999999999999|${secret}`,
      `${Number(id) + 1_000_000}|${secret}`,
    ]) {
      expect(await authenticatePersonalAccessToken(context.models, bad)).toBeNull();
    }
    expect((await rowOf(id)).lastUsedAt).toBeNull();
  });

  it('refuses a token after it expires, and after it is revoked', async () => {
    const user = await newUser();
    const issuedAt = new Date(Date.now() - 3 * DAY);
    const expiring = await issuePersonalAccessToken(context.models, {
      userId: user.id,
      name: 'short',
      ttlDays: 2,
      now: issuedAt,
    });
    expect(expiring.expiresAt).toEqual(new Date(issuedAt.getTime() + 2 * DAY));
    const before = new Date(issuedAt.getTime() + 2 * DAY - 1);
    expect(await authenticatePersonalAccessToken(context.models, expiring.token, before)).toBe(
      user.id,
    );
    expect(await authenticatePersonalAccessToken(context.models, expiring.token)).toBeNull();

    const revoked = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'r' });
    expect(await authenticatePersonalAccessToken(context.models, revoked.token)).toBe(user.id);
    await revokePersonalAccessToken(context.models, revoked.id);
    expect(await authenticatePersonalAccessToken(context.models, revoked.token)).toBeNull();
  });

  it('refuses an unknown user, an empty name and a bad lifetime', async () => {
    for (const userId of ['00000000-0000-4000-8000-000000000000', 'nobody']) {
      await expect(issuePersonalAccessToken(context.models, { userId, name: 'x' })).rejects.toThrow(
        new NotFoundError('user', userId),
      );
    }
    const user = await newUser();
    for (const name of ['', '   ', 'n'.repeat(101)]) {
      await expect(
        issuePersonalAccessToken(context.models, { userId: user.id, name }),
      ).rejects.toMatchObject({ name: 'ValidationError', field: 'name' });
    }
    await expect(
      issuePersonalAccessToken(context.models, { userId: user.id, name: 'x', ttlDays: 0 }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists tokens without hashes, with their status', async () => {
    const user = await newUser();
    const active = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'a' });
    const revoked = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'b' });
    await revokePersonalAccessToken(context.models, revoked.id);
    const expired = await issuePersonalAccessToken(context.models, {
      userId: user.id,
      name: 'c',
      ttlDays: 1,
      now: new Date(Date.now() - 2 * DAY),
    });
    const listed = await listPersonalAccessTokens(context.models, { userId: user.id });
    expect(listed.map((token) => [token.id, token.name, token.status])).toEqual([
      [expired.id, 'c', 'expired'],
      [revoked.id, 'b', 'revoked'],
      [active.id, 'a', 'active'],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
    const all = await listPersonalAccessTokens(context.models);
    expect(all.map((token) => token.id)).toEqual(expect.arrayContaining([active.id, expired.id]));
    expect(await listPersonalAccessTokens(context.models, { userId: 'nobody' })).toEqual([]);
  });

  it('revokes a token once; again, unknown or malformed ids are NotFound', async () => {
    const user = await newUser();
    const issued = await issuePersonalAccessToken(context.models, { userId: user.id, name: 'x' });
    await revokePersonalAccessToken(context.models, issued.id);
    expect((await rowOf(issued.id)).revokedAt).toBeInstanceOf(Date);
    for (const id of [issued.id, '999999999999', 'abc', '-1', '']) {
      await expect(revokePersonalAccessToken(context.models, id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
  });
});
