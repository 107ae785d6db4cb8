import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { UpstreamError } from '../http/upstream-error';
import { checkSnsAuth } from './sns-auth';
import { createWechatApi } from './wechat-api';

const APP = { appid: 'wx-sns-auth-test', secret: 'sns-auth-secret' };

describe('checkSnsAuth, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [APP] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());

  const api = () => createWechatApi({ baseUrl: sandbox.url, timeoutMs: 2_000 });
  const token = async () => {
    const user = await control.registerWechatUser({ nickname: 'n', avatar: 'https://a/b.png' });
    return control.mintUserAccessToken({ appid: APP.appid, user: user.unionid });
  };

  it('resolves for a token valid for its openid', async () => {
    const { access_token, openid } = await token();
    await expect(checkSnsAuth(api(), { accessToken: access_token, openid })).resolves.toBe(
      undefined,
    );
  });

  it.each([
    ['an unknown token', 40001, async () => ({ ...(await token()), access_token: 'nope' })],
    [
      "another user's openid",
      40003,
      async () => ({ ...(await token()), openid: (await token()).openid }),
    ],
  ])('reports %s as errcode %d', async (_label, errcode, make) => {
    const { access_token, openid } = await make();
    const error = await checkSnsAuth(api(), { accessToken: access_token, openid }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'api_error', code: errcode, endpoint: '/sns/auth' });
    expect((error as Error).message).not.toContain(access_token);
  });
});
