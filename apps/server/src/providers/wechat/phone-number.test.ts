import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';
import { fetchPhoneNumber } from './phone-number';
import { fetchStableToken } from './stable-token';
import type { WechatApi } from './wechat-api';
import { createWechatApi } from './wechat-api';

const APP = { appId: 'wx0phone0number0test', secret: 'phone-number-test-secret' };

describe('fetchPhoneNumber, against the sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let wechat: WechatApi;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [{ appid: APP.appId, secret: APP.secret }] } });
    control = createSandboxControl(sandbox.url);
    wechat = createWechatApi({ baseUrl: sandbox.url, timeoutMs: 2_000 });
  });
  afterAll(() => sandbox.close());

  const accessToken = async () =>
    (await fetchStableToken(wechat, { ...APP, forceRefresh: false })).access_token;
  const signedIn = async (phone: string) => {
    const user = await control.registerWechatUser({ nickname: 'N', avatar: 'a', phone });
    const { openid } = await control.mintJsCode({ appid: APP.appId, user: user.unionid });
    return { unionid: user.unionid, openid };
  };

  it('reads a countryCode WeChat sends as a number (its own example shows 86) as text', async () => {
    const alice = await signedIn('13800138000');
    const { code } = await control.mintPhoneCode({
      appid: APP.appId,
      user: alice.unionid,
      numericCountryCode: true,
    });
    await expect(
      fetchPhoneNumber(wechat, { accessToken: await accessToken(), code, openid: alice.openid }),
    ).resolves.toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
    });
  });

  it("sends the openid, so WeChat refuses another user's code (40029)", async () => {
    const [alice, mallory] = [await signedIn('13800138002'), await signedIn('13800138003')];
    const { code } = await control.mintPhoneCode({ appid: APP.appId, user: alice.unionid });
    await expect(
      fetchPhoneNumber(wechat, { accessToken: await accessToken(), code, openid: mallory.openid }),
    ).rejects.toMatchObject({ failure: 'api_error', code: 40029 });
    await expect(
      fetchPhoneNumber(wechat, { accessToken: await accessToken(), code, openid: alice.openid }),
    ).resolves.toMatchObject({ purePhoneNumber: '13800138002' });
  });
});

/**
 * The same rules where they matter: the mini-program's phone bind, the request it sends
 * (`auth_app_id`, the session proof, `phone_code`) and the reply it reads.
 */
describe('POST /accounts/wxa_bind_mobile with phone_code', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.control.clearFaults());

  const phoneBind = (openid: string, phoneCode: string) =>
    kit.http
      .post('/accounts/wxa_bind_mobile')
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({ auth_app_id: kit.appId, ...kit.proof(openid), phone_code: phoneCode }),
      );

  it('binds when WeChat answers countryCode as the number 86 (a 502 before)', async () => {
    const person = await kit.newWechatUser();
    const { openid } = await kit.signIn(person);
    const { code } = await kit.control.mintPhoneCode({
      appid: kit.appId,
      user: person.unionid,
      numericCountryCode: true,
    });
    const response = await phoneBind(openid, code);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toMatchObject({
      data: { mobile: person.phone, openid },
      status: { code: 200, message: 'Ok all right.' },
      success: true,
    });
  });

  it("refuses a phone_code taken from another user's getPhoneNumber, binding nothing", async () => {
    const [alice, mallory] = [await kit.newWechatUser(), await kit.newWechatUser()];
    await kit.signIn(alice);
    const { openid } = await kit.signIn(mallory);
    // Alice's button gave her this code; Mallory presents it with her own session.
    const { code } = await kit.control.mintPhoneCode({ appid: kit.appId, user: alice.unionid });
    const response = await phoneBind(openid, code);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.text).toBe(
      JSON.stringify(accountsFailure(400, 'phone_code 无效或已过期，请重新获取手机号')),
    );
    expect(await kit.context.models.User.count({ where: { mobile: alice.phone! } })).toBe(0);
  });

  it('refreshes the access_token once when WeChat answers 40014, and binds', async () => {
    const person = await kit.newWechatUser();
    const { openid } = await kit.signIn(person);
    const { code } = await kit.control.mintPhoneCode({ appid: kit.appId, user: person.unionid });
    await kit.control.resetCalls();
    await kit.control.addFault({
      endpoint: '/wxa/business/getuserphonenumber',
      kind: 'errcode',
      errcode: 40014,
      errmsg: 'invalid access_token',
      times: 1,
    });
    const response = await phoneBind(openid, code);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ mobile: person.phone });
    const calls = (await kit.control.getCalls()).calls;
    expect(calls['/wxa/business/getuserphonenumber']).toBe(2);
    expect(calls['/cgi-bin/stable_token']).toBeGreaterThanOrEqual(1);
  });
});
