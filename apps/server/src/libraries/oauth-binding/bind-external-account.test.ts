import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import { createUser } from '../users';
import type { AuditContext } from './audit-context';
import { bindExternalAccount } from './bind-external-account';
import type { ExternalIdentity } from './external-identity';
import { listBindings } from './list-bindings';
import { OAuthBindingError } from './oauth-binding-error';
import { unbindExternalAccount } from './unbind-external-account';

const audit: AuditContext = { actor: { type: 'system' }, ip: '192.0.2.1', userAgent: 'jest' };

describe('binding and unbinding external accounts (the library, without HTTP)', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const store = () => ({ sequelize: context.sequelize, models: context.models });
  const newUserId = async () => (await createUser(context.models, {})).id;
  const wechatIdentity = (overrides: Partial<ExternalIdentity> = {}): ExternalIdentity => {
    const unionId = unique('union');
    return {
      provider: 'wechat',
      accountKey: unionId,
      unionId,
      appId: 'wx-lib-test',
      openId: unique('openid'),
      nickname: 'Nick',
      avatar: 'https://example.com/a.png',
      gender: 'female',
      ...overrides,
    };
  };
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'none',
      (error: unknown) => (error instanceof OAuthBindingError ? error.failure : error),
    );

  it('binds, records the openid and an audit row, and lists the binding', async () => {
    const userId = await newUserId();
    const identity = wechatIdentity();
    const now = new Date('2024-05-01T08:00:00.000Z');
    expect(
      await bindExternalAccount(store(), { userId, type: 'WECHAT', identity, audit, now }),
    ).toBe('bound');
    expect(await listBindings(context.models, userId)).toEqual([
      {
        type: 'WECHAT',
        nickname: 'Nick',
        avatar: 'https://example.com/a.png',
        boundAt: '2024-05-01T08:00:00.000Z',
      },
    ]);
    const account = await context.models.ExternalAccount.findOne({ where: { userId } });
    expect(account).toMatchObject({ gender: 'female', unionId: identity.unionId });
    const openIds = await context.models.ExternalOpenId.findAll({
      where: { externalAccountId: account!.id },
    });
    expect(openIds.map((row) => [row.appId, row.openId])).toEqual([
      ['wx-lib-test', identity.openId],
    ]);
    const [event] = await context.models.AuditEvent.findAll({ where: { subjectId: userId } });
    expect(event).toMatchObject({
      action: 'oauth.bind',
      actorType: 'system',
      ip: '192.0.2.1',
      userAgent: 'jest',
      details: {
        type: 'WECHAT',
        provider: 'wechat',
        externalAccountId: account!.id,
        alreadyBound: false,
      },
    });
  });

  it('binds again idempotently, keeping the first binding time and refreshing the profile', async () => {
    const userId = await newUserId();
    const identity = wechatIdentity();
    const first = new Date('2024-01-01T00:00:00.000Z');
    await bindExternalAccount(store(), { userId, type: 'WECHAT', identity, audit, now: first });
    expect(
      await bindExternalAccount(store(), {
        userId,
        type: 'WECHAT',
        identity: { ...identity, nickname: 'Renamed' },
        audit,
      }),
    ).toBe('already_bound');
    expect(await listBindings(context.models, userId)).toEqual([
      expect.objectContaining({ nickname: 'Renamed', boundAt: first.toISOString() }),
    ]);
  });

  it('refuses another user’s account and a second account of a type, changing nothing', async () => {
    const [alice, bob] = [await newUserId(), await newUserId()];
    const identity = wechatIdentity();
    await bindExternalAccount(store(), { userId: alice, type: 'WECHAT', identity, audit });
    expect(
      await failureOf(
        bindExternalAccount(store(), { userId: bob, type: 'WECHAT', identity, audit }),
      ),
    ).toBe('bound_to_other_user');
    expect(
      await failureOf(
        bindExternalAccount(store(), {
          userId: alice,
          type: 'WECHAT',
          identity: wechatIdentity(),
          audit,
        }),
      ),
    ).toBe('user_has_other_account');
    expect(await context.models.ExternalAccount.count({ where: { userId: bob } })).toBe(0);
    expect(await context.models.AuditEvent.count({ where: { subjectId: bob } })).toBe(0);
  });

  it('unbinds, keeping the account row for a later binding by anyone', async () => {
    const [alice, bob] = [await newUserId(), await newUserId()];
    const identity = wechatIdentity();
    await bindExternalAccount(store(), { userId: alice, type: 'WECHAT', identity, audit });
    expect(await unbindExternalAccount(store(), { userId: alice, type: 'WECHAT', audit })).toBe(
      'unbound',
    );
    expect(await listBindings(context.models, alice)).toEqual([]);
    // Nothing left to unbind: a success that changes nothing and writes no audit row.
    expect(await unbindExternalAccount(store(), { userId: alice, type: 'WECHAT', audit })).toBe(
      'not_bound',
    );
    expect(
      await context.models.AuditEvent.count({
        where: { subjectId: alice, action: 'oauth.unbind' },
      }),
    ).toBe(1);
    expect(
      await bindExternalAccount(store(), { userId: bob, type: 'WECHAT', identity, audit }),
    ).toBe('bound');
    expect(
      await context.models.ExternalAccount.count({
        where: { provider: 'wechat', accountKey: identity.accountKey },
      }),
    ).toBe(1);
  });

  it('replaces the current account when asked to, auditing the unbind and the bind', async () => {
    const userId = await newUserId();
    const [old, next] = [wechatIdentity(), wechatIdentity()];
    await bindExternalAccount(store(), { userId, type: 'WECHAT', identity: old, audit });
    expect(
      await bindExternalAccount(store(), {
        userId,
        type: 'WECHAT',
        identity: next,
        audit,
        replaceCurrent: true,
      }),
    ).toBe('rebound');
    const rows = await context.models.ExternalAccount.findAll({
      where: { provider: 'wechat', accountKey: [old.accountKey, next.accountKey] },
    });
    const byKey = new Map(rows.map((row) => [row.accountKey, row]));
    expect(byKey.get(old.accountKey)).toMatchObject({ userId: null, boundAt: null });
    expect(byKey.get(next.accountKey)).toMatchObject({ userId });
    const events = await context.models.AuditEvent.findAll({
      where: { subjectId: userId },
      order: [['id', 'ASC']],
    });
    const [oldId, nextId] = [byKey.get(old.accountKey)!.id, byKey.get(next.accountKey)!.id];
    expect(events.map((event) => [event.action, event.details])).toEqual([
      ['oauth.bind', expect.objectContaining({ externalAccountId: oldId })],
      ['oauth.unbind', expect.objectContaining({ externalAccountId: oldId, replacedBy: nextId })],
      [
        'oauth.bind',
        expect.objectContaining({
          externalAccountId: nextId,
          replaces: oldId,
          alreadyBound: false,
        }),
      ],
    ]);
  });

  it('replaces nothing when the new account is another user’s', async () => {
    const [alice, bob] = [await newUserId(), await newUserId()];
    const [alices, bobs] = [wechatIdentity(), wechatIdentity()];
    await bindExternalAccount(store(), { userId: alice, type: 'WECHAT', identity: alices, audit });
    await bindExternalAccount(store(), { userId: bob, type: 'WECHAT', identity: bobs, audit });
    expect(
      await failureOf(
        bindExternalAccount(store(), {
          userId: alice,
          type: 'WECHAT',
          identity: bobs,
          audit,
          replaceCurrent: true,
        }),
      ),
    ).toBe('bound_to_other_user');
    expect(
      await context.models.ExternalAccount.findOne({ where: { userId: alice } }),
    ).toMatchObject({ accountKey: alices.accountKey });
    expect(await context.models.AuditEvent.count({ where: { subjectId: alice } })).toBe(1);
  });

  it('gives a contested account to exactly one of many users binding at once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, newUserId));
    const identity = wechatIdentity();
    const outcomes = await Promise.all(
      users.map((userId) =>
        failureOf(bindExternalAccount(store(), { userId, type: 'WECHAT', identity, audit })),
      ),
    );
    expect(outcomes.sort()).toEqual([
      'bound_to_other_user',
      'bound_to_other_user',
      'bound_to_other_user',
      'bound_to_other_user',
      'none',
    ]);
  });
});
