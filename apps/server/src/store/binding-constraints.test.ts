import { UniqueConstraintError } from 'sequelize';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, unique } from '../../test/support/test-context';

/** Settles every attempt and counts how many won and how many the database refused. */
async function race<T>(attempts: Array<() => Promise<T>>) {
  const outcomes = await Promise.allSettled(attempts.map((attempt) => attempt()));
  const refused = outcomes.filter(
    (outcome) => outcome.status === 'rejected' && outcome.reason instanceof UniqueConstraintError,
  );
  const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  return { won: won.length, refused: refused.length, total: outcomes.length };
}

describe('the database enforces the binding rules', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const createUsers = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () => context.models.User.create({ name: unique('user') })),
    );

  it('binds one external account to at most one user, however many try at once', async () => {
    const users = await createUsers(6);
    const unionId = unique('union');
    const result = await race(
      users.map(
        (user) => () =>
          context.sequelize.transaction((transaction) =>
            context.models.ExternalAccount.create(
              {
                provider: 'wechat',
                accountKey: unionId,
                unionId,
                userId: user.id,
                boundAt: new Date(),
              },
              { transaction },
            ),
          ),
      ),
    );
    expect(result).toEqual({ won: 1, refused: 5, total: 6 });
    expect(await context.models.ExternalAccount.count({ where: { accountKey: unionId } })).toBe(1);
  });

  it('gives a user at most one account per provider, however many try at once', async () => {
    const [user] = await createUsers(1);
    const result = await race(
      Array.from({ length: 6 }, () => () => {
        const unionId = unique('union');
        return context.models.ExternalAccount.create({
          provider: 'dingtalk',
          accountKey: unionId,
          unionId,
          userId: user!.id,
          boundAt: new Date(),
        });
      }),
    );
    expect(result).toEqual({ won: 1, refused: 5, total: 6 });
    expect(
      await context.models.ExternalAccount.count({
        where: { userId: user!.id, provider: 'dingtalk' },
      }),
    ).toBe(1);
  });

  it('lets many unbound accounts exist, and one user hold one account of each provider', async () => {
    const [user] = await createUsers(1);
    for (const provider of ['wechat', 'dingtalk'] as const) {
      await context.models.ExternalAccount.create({
        provider,
        accountKey: unique(provider),
        userId: user!.id,
        boundAt: new Date(),
      });
      await context.models.ExternalAccount.create({ provider, accountKey: unique(provider) });
      await context.models.ExternalAccount.create({ provider, accountKey: unique(provider) });
    }
    expect(await context.models.ExternalAccount.count({ where: { userId: user!.id } })).toBe(2);
  });

  it('keeps an openid unique within its app', async () => {
    const account = await context.models.ExternalAccount.create({
      provider: 'wechat',
      accountKey: unique('union'),
    });
    const openId = unique('openid');
    const result = await race(
      Array.from(
        { length: 4 },
        () => () =>
          context.models.ExternalOpenId.create({
            provider: 'wechat',
            appId: 'wx-app-1',
            openId,
            externalAccountId: account.id,
          }),
      ),
    );
    expect(result).toEqual({ won: 1, refused: 3, total: 4 });
    // The same openid string in another app is another person's id, and allowed.
    await context.models.ExternalOpenId.create({
      provider: 'wechat',
      appId: 'wx-app-2',
      openId,
      externalAccountId: account.id,
    });
  });

  it('gives a mobile and an email (in any case) to at most one user', async () => {
    const mobile = `139${Math.floor(Math.random() * 1e8)
      .toString()
      .padStart(8, '0')}`;
    const mobiles = await race(
      Array.from({ length: 4 }, () => () => context.models.User.create({ mobile })),
    );
    expect(mobiles).toEqual({ won: 1, refused: 3, total: 4 });

    const email = `${unique('mail')}@example.com`;
    await context.models.User.create({ email });
    await expect(context.models.User.create({ email: email.toUpperCase() })).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );
  });

  it('refuses a bound account without a binding time, and a membership without an owner', async () => {
    const [user] = await createUsers(1);
    await expect(
      context.models.ExternalAccount.create({
        provider: 'wechat',
        accountKey: unique('union'),
        userId: user!.id,
      }),
    ).rejects.toThrow(/external_accounts_bound_at_with_user/);
    await expect(context.models.Membership.create({ tier: 'standard' })).rejects.toThrow(
      /memberships_has_owner/,
    );
  });
});
