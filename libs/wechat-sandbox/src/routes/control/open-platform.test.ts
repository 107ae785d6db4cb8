import { SandboxControlError } from '../../control/control-client';
import {
  getJson,
  MINI_APP,
  postJson,
  useSandbox,
  WEB_APP,
} from '../../test-support/sandbox-fixture';

// An app that joins an Open Platform account after its users first signed in: WeChat starts
// sending their unionids with the openids they already had.
const fx = useSandbox({
  apps: {
    wechat: [
      { ...MINI_APP, openPlatform: false },
      { ...WEB_APP, openPlatform: false },
    ],
  },
});

const newUser = () =>
  fx.control.registerWechatUser({ nickname: 'Bob', avatar: 'https://avatars.example/bob.png' });

async function code2session(user: string) {
  const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user });
  return getJson(fx.url, '/sns/jscode2session', {
    appid: MINI_APP.appid,
    secret: MINI_APP.secret,
    js_code,
    grant_type: 'authorization_code',
  });
}

async function webLogin(user: string) {
  const { code } = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user });
  const token = await getJson(fx.url, '/sns/oauth2/access_token', {
    appid: WEB_APP.appid,
    secret: WEB_APP.secret,
    code,
    grant_type: 'authorization_code',
  });
  const info = await getJson(fx.url, '/sns/userinfo', {
    access_token: token.body.access_token,
    openid: token.body.openid,
  });
  return { token: token.body, info: info.body };
}

describe('POST /__control/wechat/apps/:appid/open-platform', () => {
  it('makes a mini-program hide unionids until it joins, then show them with the same openid', async () => {
    const user = await newUser();
    const before = await code2session(user.unionid);
    expect(before.body).not.toHaveProperty('unionid');
    const { data: hidden } = await fx.control.mintEncryptedData({
      appid: MINI_APP.appid,
      user: user.unionid,
    });
    expect(hidden).not.toHaveProperty('unionId');

    const app = await fx.control.setOpenPlatform(MINI_APP.appid, true);
    expect(app).toEqual({ ...MINI_APP, name: MINI_APP.appid, openPlatform: true });

    const after = await code2session(user.unionid);
    expect(after.body).toMatchObject({ openid: before.body.openid, unionid: user.unionid });
    const { data: shown } = await fx.control.mintEncryptedData({
      appid: MINI_APP.appid,
      user: user.unionid,
    });
    expect(shown).toMatchObject({ openId: before.body.openid, unionId: user.unionid });
  });

  it('does the same for website login, and can detach the app again', async () => {
    const user = await newUser();
    const before = await webLogin(user.unionid);
    expect(before.token).not.toHaveProperty('unionid');
    expect(before.info).not.toHaveProperty('unionid');

    await fx.control.setOpenPlatform(WEB_APP.appid, true);
    const joined = await webLogin(user.unionid);
    expect(joined.token).toMatchObject({ openid: before.token.openid, unionid: user.unionid });
    expect(joined.info).toMatchObject({ openid: before.token.openid, unionid: user.unionid });

    await fx.control.setOpenPlatform(WEB_APP.appid, false);
    expect((await webLogin(user.unionid)).info).not.toHaveProperty('unionid');
  });

  it('keeps the secret, so the server keeps signing in with the one it was given', async () => {
    await fx.control.setOpenPlatform(MINI_APP.appid, true);
    const user = await newUser();
    expect((await code2session(user.unionid)).body).toHaveProperty('session_key');
    expect((await fx.control.listWechatApps()).apps).toContainEqual(
      expect.objectContaining({ appid: MINI_APP.appid, secret: MINI_APP.secret }),
    );
  });

  it('is undone by a reset, which registers the apps as the sandbox was started', async () => {
    await fx.control.setOpenPlatform(MINI_APP.appid, true);
    await fx.control.reset();
    const user = await newUser();
    expect((await code2session(user.unionid)).body).not.toHaveProperty('unionid');
  });

  it('refuses an unknown app (404) and a body without a boolean openPlatform (400)', async () => {
    await expect(fx.control.setOpenPlatform('wxnosuchapp', true)).rejects.toMatchObject({
      status: 404,
    });
    await expect(fx.control.setOpenPlatform('wxnosuchapp', true)).rejects.toBeInstanceOf(
      SandboxControlError,
    );
    for (const body of [{}, { openPlatform: 'yes' }]) {
      const reply = await postJson(
        fx.url,
        `/__control/wechat/apps/${MINI_APP.appid}/open-platform`,
        body,
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatch(/openPlatform/);
    }
  });
});
