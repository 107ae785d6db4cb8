import { decryptData, verifyRawDataSignature, WechatCryptoError } from '@wechat-bind/wechat-crypto';
import {
  expectWechatError,
  getJson,
  MINI_APP,
  sleep,
  useSandbox,
  WEB_APP,
} from '../../test-support/sandbox-fixture';

const fx = useSandbox();

function code2session(query: Record<string, string>) {
  return getJson(fx.url, '/sns/jscode2session', {
    appid: MINI_APP.appid,
    secret: MINI_APP.secret,
    grant_type: 'authorization_code',
    ...query,
  });
}

async function alice() {
  return fx.control.registerWechatUser({
    nickname: 'Alice',
    avatar: 'https://avatars.example/alice.png',
    gender: 2,
    phone: '13800138000',
  });
}

describe('GET /sns/jscode2session', () => {
  it('exchanges a js_code for openid, session_key and unionid', async () => {
    const user = await alice();
    const minted = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });

    const reply = await code2session({ js_code: minted.js_code });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      session_key: minted.session_key,
      openid: minted.openid,
      unionid: user.unionid,
    });
    expect(Buffer.from(reply.body.session_key, 'base64')).toHaveLength(16);
  });

  it('encrypts user info with the session key the code yields', async () => {
    const user = await alice();
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });
    const minted = await fx.control.mintEncryptedData({
      appid: MINI_APP.appid,
      user: user.unionid,
    });
    const { body } = await code2session({ js_code });

    const data = decryptData({
      sessionKey: body.session_key,
      encryptedData: minted.encrypted_data,
      iv: minted.iv,
      appId: MINI_APP.appid,
    });

    expect(data).toEqual(minted.data);
    expect(data).toMatchObject({
      openId: body.openid,
      unionId: body.unionid,
      nickName: 'Alice',
      gender: 2,
      avatarUrl: 'https://avatars.example/alice.png',
      watermark: { appid: MINI_APP.appid },
    });
    expect(
      Math.abs((data.watermark as { timestamp: number }).timestamp - Date.now() / 1000),
    ).toBeLessThan(5);
    expect(
      verifyRawDataSignature({
        rawData: minted.raw_data,
        sessionKey: body.session_key,
        signature: minted.signature,
      }),
    ).toBe(true);
  });

  it('applies overrides, so negative tests can forge a watermark', async () => {
    const user = await alice();
    const { session_key } = await fx.control.mintJsCode({
      appid: MINI_APP.appid,
      user: user.unionid,
    });
    const minted = await fx.control.mintEncryptedData({
      appid: MINI_APP.appid,
      user: user.unionid,
      overrides: { watermark: { appid: WEB_APP.appid }, nickName: 'Mallory' },
    });

    expect(minted.data.nickName).toBe('Mallory');
    const decrypt = () =>
      decryptData({
        sessionKey: session_key,
        encryptedData: minted.encrypted_data,
        iv: minted.iv,
        appId: MINI_APP.appid,
      });
    expect(decrypt).toThrow(WechatCryptoError);
    expect(decrypt).toThrow('watermark');
  });

  it('answers 40163 when a code is used twice', async () => {
    const user = await alice();
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });

    expect((await code2session({ js_code })).body.openid).toBeDefined();
    expectWechatError(await code2session({ js_code }), 40163, 'code been used');
  });

  it('lets exactly one of two simultaneous exchanges of one code succeed', async () => {
    const user = await alice();
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });

    const replies = await Promise.all([code2session({ js_code }), code2session({ js_code })]);

    expect(replies.map((r) => r.body.errcode ?? 0).sort()).toEqual([0, 40163]);
  });

  it('answers 40029 for an unknown code and for an expired one', async () => {
    expectWechatError(await code2session({ js_code: 'no-such-code' }), 40029, 'invalid code');

    const user = await alice();
    await fx.control.setConfig({ codeTtlMs: 50 });
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });
    await sleep(80);
    expectWechatError(await code2session({ js_code }), 40029);
  });

  it('answers 40029 to another app and keeps the code for its own', async () => {
    const user = await alice();
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });

    const stolen = await getJson(fx.url, '/sns/jscode2session', {
      appid: WEB_APP.appid,
      secret: WEB_APP.secret,
      js_code,
      grant_type: 'authorization_code',
    });

    expectWechatError(stolen, 40029);
    expect((await code2session({ js_code })).body.session_key).toBeDefined();
  });

  it('checks the app credentials and required parameters in WeChat order', async () => {
    expectWechatError(await code2session({ appid: '' }), 41002, 'appid missing');
    expectWechatError(await code2session({ secret: '' }), 41004, 'appsecret missing');
    expectWechatError(await code2session({ appid: 'wxnotregistered00' }), 40013, 'invalid appid');
    expectWechatError(await code2session({ secret: 'wrong' }), 40125, 'invalid appsecret');
    expectWechatError(await code2session({}), 41008, 'missing code');
    expectWechatError(await code2session({ js_code: 'x', grant_type: 'password' }), 40002);
  });

  it('answers 40226 for a user WeChat considers risky', async () => {
    const user = await fx.control.registerWechatUser({
      nickname: 'Risky',
      avatar: 'https://avatars.example/r.png',
      risky: true,
    });
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });

    expectWechatError(await code2session({ js_code }), 40226, 'code blocked');
  });

  it('leaves unionid out for an app not bound to an Open Platform account', async () => {
    await fx.control.registerWechatApp({
      appid: 'wxloneapp0000001',
      secret: 's',
      openPlatform: false,
    });
    const user = await alice();
    const { js_code } = await fx.control.mintJsCode({
      appid: 'wxloneapp0000001',
      user: user.unionid,
    });

    const reply = await getJson(fx.url, '/sns/jscode2session', {
      appid: 'wxloneapp0000001',
      secret: 's',
      js_code,
      grant_type: 'authorization_code',
    });

    expect(Object.keys(reply.body).sort()).toEqual(['openid', 'session_key']);
  });

  it('gives a user a different openid per app and keeps given openids', async () => {
    const user = await fx.control.registerWechatUser({
      nickname: 'Bob',
      avatar: 'https://avatars.example/b.png',
      openids: { [MINI_APP.appid]: 'oBobMiniOpenid000000000000001' },
    });
    const mini = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });
    const web = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: mini.openid });

    expect(mini.openid).toBe('oBobMiniOpenid000000000000001');
    expect(web.openid).toMatch(/^o[\w-]{27}$/);
    expect(web.openid).not.toBe(mini.openid);
    expect(web.unionid).toBe(user.unionid);
  });
});
