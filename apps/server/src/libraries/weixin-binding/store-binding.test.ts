import { randomBytes } from 'node:crypto';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import { createUser } from '../users';
import type { ProvenWeixinAccount } from './prove-weixin-account';
import { storeBinding } from './store-binding';
import { WeixinBindingError } from './weixin-binding-error';

const APP_ID = 'wx0store0binding0test';

const provenAccount = (): ProvenWeixinAccount => ({
  unionid: `o${randomBytes(20).toString('base64url')}`,
  openid: `o${randomBytes(20).toString('base64url')}`,
  nickname: unique('nick'),
  avatar: 'https://thirdwx.example.com/a.png',
  gender: 'male',
});

/** What each attempt ended as: 'bound', or the refusal's reason. */
async function outcomes(attempts: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(attempts);
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'bound';
    if (result.reason instanceof WeixinBindingError) return result.reason.reason;
    throw result.reason;
  });
}

describe('storeBinding', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const newUserId = async () => (await createUser(context.models, { name: unique('u') })).id;
  const bind = (userId: string, account: ProvenWeixinAccount) =>
    storeBinding(context.sequelize, {
      userId,
      account,
      appId: APP_ID,
      actor: { apiKey: 'test-key' },
    });

  it('binds, files the openid and writes the audit row together', async () => {
    const userId = await newUserId();
    const account = provenAccount();
    const result = await bind(userId, account);
    expect(result.account).toMatchObject({ userId, accountKey: account.unionid, gender: 'male' });
    expect(
      await context.models.ExternalOpenId.findOne({
        where: { provider: 'wechat', appId: APP_ID, openId: account.openid },
      }),
    ).toMatchObject({ externalAccountId: result.account.id });
    expect(
      await context.models.AuditEvent.count({
        where: { subjectId: userId, action: 'wechat.bind' },
      }),
    ).toBe(1);
  });

  it('refuses an unknown user', async () => {
    const [outcome] = await outcomes([
      bind('00000000-0000-4000-8000-000000000000', provenAccount()),
    ]);
    expect(outcome).toBe('user_not_found');
  });

  it('lets exactly one of many users bind the same account at once', async () => {
    const userIds = await Promise.all(Array.from({ length: 6 }, newUserId));
    const account = provenAccount();
    const results = await outcomes(userIds.map((userId) => bind(userId, account)));
    expect(results.sort()).toEqual(['bound', ...Array<string>(5).fill('weixin_has_other_user')]);
    expect(
      await context.models.ExternalAccount.count({
        where: { provider: 'wechat', accountKey: account.unionid },
      }),
    ).toBe(1);
    expect(
      await context.models.AuditEvent.count({
        where: { subjectId: userIds, action: 'wechat.bind' },
      }),
    ).toBe(1);
  });

  it('refuses a user who has a WeChat account, the same one included, changing nothing', async () => {
    const userId = await newUserId();
    const account = provenAccount();
    await bind(userId, account);
    const [same, other] = await outcomes([bind(userId, account), bind(userId, provenAccount())]);
    expect([same, other]).toEqual(['user_has_weixin', 'user_has_weixin']);
    expect(
      await context.models.AuditEvent.count({
        where: { subjectId: userId, action: 'wechat.bind' },
      }),
    ).toBe(1);
  });

  it('lets a user end up with exactly one of many accounts bound at once', async () => {
    const userId = await newUserId();
    const results = await outcomes(Array.from({ length: 6 }, () => bind(userId, provenAccount())));
    expect(results.sort()).toEqual(['bound', ...Array<string>(5).fill('user_has_weixin')]);
  });

  it('moves an openid filed under an unbound account row to the proven account', async () => {
    const userId = await newUserId();
    const account = provenAccount();
    const stray = await context.models.ExternalAccount.create({
      provider: 'wechat',
      accountKey: `${APP_ID}:${account.openid}`,
    });
    await context.models.ExternalOpenId.create({
      provider: 'wechat',
      appId: APP_ID,
      openId: account.openid,
      externalAccountId: stray.id,
    });
    const result = await bind(userId, account);
    const openid = await context.models.ExternalOpenId.findOne({
      where: { provider: 'wechat', appId: APP_ID, openId: account.openid },
    });
    expect(openid?.externalAccountId).toBe(result.account.id);
  });

  it("refuses an openid filed under another user's account row, and changes nothing", async () => {
    const owner = await newUserId();
    const userId = await newUserId();
    const account = provenAccount();
    const other = await context.models.ExternalAccount.create({
      provider: 'wechat',
      accountKey: `${APP_ID}:${account.openid}`,
      userId: owner,
      boundAt: new Date(),
    });
    await context.models.ExternalOpenId.create({
      provider: 'wechat',
      appId: APP_ID,
      openId: account.openid,
      externalAccountId: other.id,
    });
    const [outcome] = await outcomes([bind(userId, account)]);
    expect(outcome).toBe('weixin_has_other_user');
    expect(
      await context.models.ExternalAccount.count({ where: { accountKey: account.unionid } }),
    ).toBe(0);
  });
});
