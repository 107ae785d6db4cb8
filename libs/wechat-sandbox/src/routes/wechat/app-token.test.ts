import { sessionKeySignature } from '@wechat-bind/wechat-crypto';
import {
  expectWechatError,
  getJson,
  MINI_APP,
  postJson,
  sleep,
  useSandbox,
  WEB_APP,
} from '../../test-support/sandbox-fixture';

const fx = useSandbox();

const credentials = { grant_type: 'client_credential', ...MINI_APP };

function stableToken(body: unknown) {
  return postJson(fx.url, '/cgi-bin/stable_token', body);
}

async function appToken(): Promise<string> {
  return (await stableToken(credentials)).body.access_token;
}

function phoneNumber(accessToken: string | undefined, body: unknown) {
  return postJson(
    fx.url,
    '/wxa/business/getuserphonenumber',
    body,
    accessToken === undefined ? {} : { access_token: accessToken },
  );
}

describe('GET /cgi-bin/token', () => {
  it('issues a new token per call, each with expires_in 7200', async () => {
    const first = await getJson(fx.url, '/cgi-bin/token', credentials);
    const second = await getJson(fx.url, '/cgi-bin/token', credentials);

    expect(first.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(second.body.access_token).not.toBe(first.body.access_token);
  });

  it('checks grant_type and the app credentials', async () => {
    expectWechatError(
      await getJson(fx.url, '/cgi-bin/token', { ...credentials, grant_type: 'x' }),
      40002,
    );
    expectWechatError(
      await getJson(fx.url, '/cgi-bin/token', { ...credentials, secret: 'bad' }),
      40125,
    );
    expectWechatError(
      await getJson(fx.url, '/cgi-bin/token', { grant_type: 'client_credential' }),
      41002,
    );
  });
});

describe('POST /cgi-bin/stable_token', () => {
  it('hands out the same token in normal mode', async () => {
    const first = await stableToken(credentials);
    const second = await stableToken({ ...credentials, force_refresh: false });

    expect(first.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(second.body.access_token).toBe(first.body.access_token);
    expect(second.body.expires_in).toBeLessThanOrEqual(7200);
  });

  it('replaces the token on force_refresh, and the old one stops working', async () => {
    const old = await appToken();
    const fresh = await stableToken({ ...credentials, force_refresh: true });

    expect(fresh.body.access_token).not.toBe(old);
    expectWechatError(await phoneNumber(old, { code: 'x' }), 40001);
  });

  it('answers bodies that are empty, not JSON, or not POSTed', async () => {
    expectWechatError(await stableToken('{not json'), 47001, 'data format error');
    expectWechatError(await stableToken(''), 44002, 'empty post data');
    expectWechatError(await stableToken({ ...credentials, secret: 'wrong' }), 40125);
    expectWechatError(await getJson(fx.url, '/cgi-bin/stable_token', credentials), 43002);
  });

  it('issues tokens that expire after the configured lifetime', async () => {
    await fx.control.setConfig({ accessTokenTtlMs: 60 });
    const token = await appToken();
    const user = await fx.control.registerWechatUser({
      nickname: 'A',
      avatar: 'a',
      phone: '13800138000',
    });
    const { code } = await fx.control.mintPhoneCode({ appid: MINI_APP.appid, user: user.unionid });

    await sleep(90);

    expectWechatError(await phoneNumber(token, { code }), 42001, 'access_token expired');
    const renewed = await stableToken(credentials);
    expect(renewed.body.access_token).not.toBe(token);
  });
});

describe('POST /wxa/business/getuserphonenumber', () => {
  it('answers the phone behind a code, with a watermark for the app', async () => {
    const user = await fx.control.registerWechatUser({
      nickname: 'A',
      avatar: 'a',
      phone: '13800138000',
    });
    const { code } = await fx.control.mintPhoneCode({ appid: MINI_APP.appid, user: user.unionid });

    const reply = await phoneNumber(await appToken(), { code });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: expect.any(Number), appid: MINI_APP.appid },
      },
    });
  });

  it('puts the country code in phoneNumber for numbers outside mainland China', async () => {
    const { code } = await fx.control.mintPhoneCode({
      appid: MINI_APP.appid,
      phone: '91234567',
      countryCode: '852',
    });

    const { body } = await phoneNumber(await appToken(), { code });

    expect(body.phone_info).toMatchObject({
      phoneNumber: '+85291234567',
      purePhoneNumber: '91234567',
      countryCode: '852',
    });
  });

  it('answers 40029 for a used, unknown or other-app code', async () => {
    const token = await appToken();
    const { code } = await fx.control.mintPhoneCode({
      appid: MINI_APP.appid,
      phone: '13800138000',
    });
    const webCode = await fx.control.mintPhoneCode({ appid: WEB_APP.appid, phone: '13800138000' });

    expect((await phoneNumber(token, { code })).body.errcode).toBe(0);
    expectWechatError(await phoneNumber(token, { code }), 40029, 'invalid code');
    expectWechatError(await phoneNumber(token, { code: 'never-minted' }), 40029);
    expectWechatError(await phoneNumber(token, { code: webCode.code }), 40029);
  });

  it("checks a code against the openid sent with it, and answers 40029 for another user's", async () => {
    const token = await appToken();
    const [alice, bob] = [
      await fx.control.registerWechatUser({ nickname: 'A', avatar: 'a', phone: '13800138000' }),
      await fx.control.registerWechatUser({ nickname: 'B', avatar: 'b', phone: '13900139000' }),
    ];
    const openidOf = async (user: string) =>
      (await fx.control.mintJsCode({ appid: MINI_APP.appid, user })).openid;
    const { code } = await fx.control.mintPhoneCode({ appid: MINI_APP.appid, user: alice.unionid });

    expectWechatError(
      await phoneNumber(token, { code, openid: await openidOf(bob.unionid) }),
      40029,
      'invalid code',
    );
    // The refusal does not use the code up: its owner still gets the phone.
    const reply = await phoneNumber(token, { code, openid: await openidOf(alice.unionid) });
    expect(reply.body.phone_info).toMatchObject({ purePhoneNumber: '13800138000' });

    // Without an openid, or for a code minted without a user, nothing is compared.
    const unchecked = await fx.control.mintPhoneCode({ appid: MINI_APP.appid, user: bob.unionid });
    expect((await phoneNumber(token, { code: unchecked.code })).body.errcode).toBe(0);
    const anyone = await fx.control.mintPhoneCode({ appid: MINI_APP.appid, phone: '13700137000' });
    expect(
      (await phoneNumber(token, { code: anyone.code, openid: 'o-someone' })).body.errcode,
    ).toBe(0);
  });

  it('answers countryCode as a number when told to, as WeChat`s example does', async () => {
    const { code } = await fx.control.mintPhoneCode({
      appid: MINI_APP.appid,
      phone: '13800138000',
      numericCountryCode: true,
    });
    const reply = await phoneNumber(await appToken(), { code });
    expect(reply.body.phone_info).toMatchObject({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: 86,
    });
  });

  it('checks the access token first', async () => {
    expectWechatError(await phoneNumber(undefined, { code: 'x' }), 41001, 'access_token missing');
    expectWechatError(
      await phoneNumber('forged', { code: 'x' }),
      40001,
      'invalid credential, access_token is invalid or not latest',
    );
    expectWechatError(await phoneNumber(await appToken(), {}), 41008);
  });
});

describe('GET /wxa/checksession', () => {
  async function session() {
    const user = await fx.control.registerWechatUser({ nickname: 'A', avatar: 'a' });
    return fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });
  }

  function check(accessToken: string, openid: string, signature: string) {
    return getJson(fx.url, '/wxa/checksession', {
      access_token: accessToken,
      openid,
      signature,
      sig_method: 'hmac_sha256',
    });
  }

  it("accepts hmac_sha256 of '' keyed with the user's current session key", async () => {
    const { openid, session_key } = await session();

    const reply = await check(await appToken(), openid, sessionKeySignature(session_key));

    expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('answers 87009 for another key, and for a key replaced by a newer login', async () => {
    const { openid, session_key, unionid } = await session();
    const token = await appToken();
    expectWechatError(
      await check(token, openid, sessionKeySignature('AAAAAAAAAAAAAAAAAAAAAA==')),
      87009,
      'invalid signature',
    );

    await fx.control.mintJsCode({ appid: MINI_APP.appid, user: unionid });

    expectWechatError(await check(token, openid, sessionKeySignature(session_key)), 87009);
  });

  it('needs an app access token', async () => {
    const { openid, session_key } = await session();
    expectWechatError(await check('forged', openid, sessionKeySignature(session_key)), 40001);
  });
});
