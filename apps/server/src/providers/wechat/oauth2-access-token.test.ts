import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { UpstreamError } from '../http/upstream-error';
import { exchangeOauthCode } from './oauth2-access-token';
import { fetchSnsUserInfo } from './sns-userinfo';
import { createWechatApi } from './wechat-api';

const APP = { appid: 'wx-oauth2-test-web', secret: 'wx-oauth2-test-secret' };

describe('exchangeOauthCode and fetchSnsUserInfo, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [APP] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());

  const api = () => createWechatApi({ baseUrl: sandbox.url, timeoutMs: 2_000 });
  const credentials = { appId: APP.appid, secret: APP.secret };

  it('turns a website login code into a token, and the token into the profile', async () => {
    const user = await control.registerWechatUser({
      nickname: 'Alice',
      avatar: 'https://example.com/alice.png',
      gender: 2,
    });
    const { code } = await control.mintOauthCode({ appid: APP.appid, user: user.unionid });
    const token = await exchangeOauthCode(api(), { ...credentials, code });
    expect(token).toMatchObject({ openid: expect.any(String), unionid: user.unionid });
    const info = await fetchSnsUserInfo(api(), {
      accessToken: token.access_token,
      openid: token.openid,
    });
    expect(info).toMatchObject({
      openid: token.openid,
      unionid: user.unionid,
      nickname: 'Alice',
      headimgurl: 'https://example.com/alice.png',
      sex: 2,
    });
  });

  it('reports a used code as errcode 40163, without the code or secret in the message', async () => {
    const user = await control.registerWechatUser({
      nickname: 'Bob',
      avatar: 'https://example.com/bob.png',
    });
    const { code } = await control.mintOauthCode({ appid: APP.appid, user: user.unionid });
    await exchangeOauthCode(api(), { ...credentials, code });
    const error = await exchangeOauthCode(api(), { ...credentials, code }).then(
      () => undefined,
      (caught: unknown) => caught as UpstreamError,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'api_error', code: 40163 });
    expect(error?.message).not.toContain(code);
    expect(error?.message).not.toContain(APP.secret);
  });
});
