import type { Account } from '@wechat-bind/dto';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
  uniqueUnionId,
} from '../../../test/support/account-test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

describe('GET /account/wx', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient();
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  it('answers 404 Not Found for a unionid no WeChat account has', async () => {
    const response = await client.get('/account/wx', uniqueUnionId());
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: 'Not Found' });
  });

  it('does not answer for a WeChat account without a unionid (keyed appId:openid)', async () => {
    const key = `wx0app:${uniqueUnionId()}`;
    await models().ExternalAccount.create({ provider: 'wechat', accountKey: key });
    expect((await client.get('/account/wx', key)).status).toBe(404);
  });

  it('replies the WeChat user alone, field for field, when nothing is linked', async () => {
    const wechat = await createWechatAccount(models(), { nickname: '6Cunningham' });
    const response = await client.get('/account/wx', wechat.accountKey);
    expect(response.status).toBe(200);
    const expected: Account = {
      id: '',
      unionId: wechat.accountKey,
      stripeId: null,
      email: '',
      mobile: null,
      userName: null,
      avatarUrl: null,
      isVerified: false,
      loginMethod: 'wechat',
      wechat: { nickname: '6Cunningham', avatarUrl: 'https://example.com/a.jpg' },
      membership: {
        ftcId: null,
        unionId: null,
        tier: null,
        cycle: null,
        expireDate: null,
        payMethod: null,
        stripeSubsId: null,
        autoRenew: false,
        status: null,
        appleSubsId: null,
        b2bLicenceId: null,
        standardAddOn: 0,
        premiumAddOn: 0,
        vip: false,
      },
    };
    expect(response.body).toEqual(expected);
  });

  it("shows the WeChat side's membership (the document's first example)", async () => {
    const wechat = await createWechatAccount(models());
    await createMembership(models(), { unionId: wechat.accountKey }, { expireDate: '2020-07-25' });
    const response = await client.get('/account/wx', wechat.accountKey);
    expect(response.body.membership).toEqual({
      ftcId: null,
      unionId: wechat.accountKey,
      tier: 'standard',
      cycle: 'year',
      expireDate: '2020-07-25',
      payMethod: 'wechat',
      stripeSubsId: null,
      autoRenew: false,
      status: null,
      appleSubsId: null,
      b2bLicenceId: null,
      standardAddOn: 0,
      premiumAddOn: 0,
      vip: false,
    });
  });

  it('replies the merged account once an email account is linked', async () => {
    const user = await createEmailUser(models(), { name: 'Test' });
    await user.update({ stripeId: 'cus_123', avatar: 'https://example.com/me.png' });
    const wechat = await createWechatAccount(models(), { nickname: null as unknown as string });
    await wechat.update({ userId: user.id, boundAt: new Date(), avatar: null });
    await createMembership(
      models(),
      { userId: user.id, unionId: wechat.accountKey },
      { payMethod: 'alipay', expireDate: '2030-01-19' },
    );
    const response = await client.get('/account/wx', wechat.accountKey);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: user.id,
      unionId: wechat.accountKey,
      stripeId: 'cus_123',
      email: user.email,
      mobile: null,
      userName: 'Test',
      avatarUrl: 'https://example.com/me.png',
      isVerified: false,
      loginMethod: 'email',
      // WeChat never reported these: strings, not null (libs/dto AccountWechat).
      wechat: { nickname: '', avatarUrl: '' },
      membership: { ftcId: user.id, unionId: wechat.accountKey, payMethod: 'alipay' },
    });
  });

  it("prefers the row with both ids, then the email side's, when a pair has two", async () => {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    await wechat.update({ userId: user.id, boundAt: new Date() });
    await createMembership(models(), { unionId: wechat.accountKey }, { payMethod: 'wechat' });
    await createMembership(models(), { userId: user.id }, { payMethod: 'stripe' });
    const response = await client.get('/account/wx', wechat.accountKey);
    expect(response.body.membership).toMatchObject({ ftcId: user.id, payMethod: 'stripe' });
  });

  it('answers other methods and unknown paths in the account envelope', async () => {
    const wechat = await createWechatAccount(models());
    const wrongMethod = await client.post('/account/wx', wechat.accountKey, {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual({ message: 'Method Not Allowed' });
    const unknown = await client.get('/account/wx/nothing-here', wechat.accountKey);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: 'Not Found' });
  });
});
