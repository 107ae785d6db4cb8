import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { UpstreamError } from '../http/upstream-error';
import { fetchContactUsersMe } from './contact-users-me';
import { createDingtalkApi } from './dingtalk-api';
import { fetchUserAccessToken } from './user-access-token';

const APP = { clientId: 'ding-provider-test', clientSecret: 'ding-provider-secret' };

describe('fetchUserAccessToken and fetchContactUsersMe, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { dingtalk: [APP] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());

  const api = () => createDingtalkApi({ baseUrl: sandbox.url, timeoutMs: 2_000 });

  it('turns an authCode into a user token, and the token into the profile', async () => {
    const user = await control.registerDingtalkUser({
      nick: '张三',
      avatarUrl: 'https://example.com/z.png',
    });
    const { authCode } = await control.mintDingtalkAuthCode({
      clientId: APP.clientId,
      user: user.unionId,
    });
    const token = await fetchUserAccessToken(api(), { ...APP, code: authCode });
    expect(token.accessToken).toEqual(expect.any(String));
    const me = await fetchContactUsersMe(api(), { accessToken: token.accessToken });
    expect(me).toMatchObject({
      nick: '张三',
      avatarUrl: 'https://example.com/z.png',
      unionId: user.unionId,
      openId: user.openId,
    });
  });

  it('reports a bad authCode and a bad token as DingTalk errors with their status', async () => {
    const badCode = await fetchUserAccessToken(api(), { ...APP, code: 'nope' }).then(
      () => undefined,
      (caught: unknown) => caught as UpstreamError,
    );
    expect(badCode).toBeInstanceOf(UpstreamError);
    expect(badCode).toMatchObject({
      failure: 'api_error',
      httpStatus: 400,
      code: 'invalidAuthCode',
    });

    const badToken = await fetchContactUsersMe(api(), { accessToken: 'nope' }).then(
      () => undefined,
      (caught: unknown) => caught as UpstreamError,
    );
    expect(badToken).toMatchObject({ httpStatus: 400, code: 'InvalidAuthentication' });
  });
});
