import {
  issuePersonalAccessToken,
  revokePersonalAccessToken,
} from '../../libraries/personal-access-tokens';
import { createUser } from '../../libraries/users';
import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { PATH, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const DAY = 24 * 60 * 60 * 1000;
const UNAUTHENTICATED = { code: 401, msg: '请求未认证' };

describe('administrator API authentication (Bearer personal access tokens)', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  /** Every endpoint, with a body that would otherwise be valid. */
  const endpoints = [
    (authorization?: string) => withAuth(kit.http().get(PATH), authorization),
    (authorization?: string) =>
      withAuth(kit.http().post(PATH), authorization).send({
        type: 'WECHAT',
        code: 'c',
        state: 's',
      }),
    (authorization?: string) =>
      withAuth(kit.http().put(`${PATH}/WECHAT`), authorization).send({ state: false }),
    // Neither an unknown type nor a bad body tells an unauthenticated caller anything.
    (authorization?: string) =>
      withAuth(kit.http().put(`${PATH}/QQ`), authorization).send({ state: 'x' }),
    (authorization?: string) => withAuth(kit.http().post(PATH), authorization).send({}),
  ];
  function withAuth<T extends { set(name: string, value: string): T }>(
    pending: T,
    authorization?: string,
  ): T {
    return authorization === undefined ? pending : pending.set('Authorization', authorization);
  }

  async function expectUnauthenticated(authorization?: string) {
    for (const endpoint of endpoints) {
      const response = await endpoint(authorization);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHENTICATED);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  }

  it('answers 401 without an Authorization header', async () => {
    await expectUnauthenticated();
  });

  it('answers 401 for malformed values', async () => {
    const admin = await kit.newAdmin();
    for (const value of [
      '',
      'Bearer',
      admin.token,
      `Basic ${admin.token}`,
      'Bearer 323|short',
      'Bearer not-a-token',
      `Bearer ${admin.token}x`,
    ]) {
      await expectUnauthenticated(value);
    }
  });

  it('answers 401 for an unknown token and a wrong secret', async () => {
    const admin = await kit.newAdmin();
    const secret = admin.token.split('|')[1]!;
    await expectUnauthenticated(`Bearer 888888888888|${secret}`);
    await expectUnauthenticated(`Bearer ${admin.tokenId}|${'A'.repeat(40)}`);
  });

  it('answers 401 for a revoked token', async () => {
    const admin = await kit.newAdmin();
    expect((await kit.list(admin)).status).toBe(200);
    await revokePersonalAccessToken(kit.context.models, admin.tokenId);
    await expectUnauthenticated(admin.auth);
  });

  it('answers 401 for an expired token, and 200 for one that has not expired yet', async () => {
    const user = await createUser(kit.context.models, {});
    const expired = await issuePersonalAccessToken(kit.context.models, {
      userId: user.id,
      name: 'old',
      ttlDays: 1,
      now: new Date(Date.now() - 2 * DAY),
    });
    await expectUnauthenticated(`Bearer ${expired.token}`);
    const fresh = await issuePersonalAccessToken(kit.context.models, {
      userId: user.id,
      name: 'new',
      ttlDays: 1,
    });
    const response = await kit.http().get(PATH).set('Authorization', `Bearer ${fresh.token}`);
    expect(response.status).toBe(200);
  });

  it('records when a token was last used', async () => {
    const admin = await kit.newAdmin();
    const row = () => kit.context.models.PersonalAccessToken.findByPk(admin.tokenId);
    expect((await row())?.lastUsedAt).toBeNull();
    expect((await kit.list(admin)).status).toBe(200);
    expect((await row())?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('never writes a token or its secret to the log', async () => {
    const admin = await kit.newAdmin();
    await kit.list(admin);
    await kit.http().get(PATH).set('Authorization', `${admin.auth}x`);
    const secret = admin.token.split('|')[1]!;
    expect(kit.context.logLines.join('\n')).not.toContain(secret);
  });
});
