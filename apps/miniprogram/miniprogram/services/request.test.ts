/**
 * @jest-environment node
 */
import { createFakeWx, ok, refused } from '../../test/fake-wx';
import type { RequestOutcome } from '../../test/fake-wx';
import { config } from '../config';
import { CLIENT_MESSAGES, UserFacingError } from './errors';
import { request } from './request';

const globals = globalThis as unknown as { wx: WechatMiniprogram.Wx };

function reply(outcome: RequestOutcome) {
  const fake = createFakeWx({ request: async () => outcome });
  globals.wx = fake.wx;
  return fake;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as UserFacingError,
  );

describe('request', () => {
  const developUrl = config.baseUrl.develop;
  afterEach(() => {
    config.baseUrl.develop = developUrl;
  });

  it('posts JSON to the base URL of this version and resolves to the typed data', async () => {
    config.baseUrl.develop = 'http://127.0.0.1:4000/';
    const fake = reply(ok({ expires_in: 300, resend_after: 60 }));
    const data = await request('sendVerifyCode', {
      auth_app_id: 'wxapp',
      openid: 'o1',
      session_token: 'st1',
      mobile: '13800138000',
    });
    expect(data).toEqual({ expires_in: 300, resend_after: 60 });
    expect(fake.requests).toEqual([
      {
        url: 'http://127.0.0.1:4000/accounts/send_verify_code',
        method: 'POST',
        data: { auth_app_id: 'wxapp', openid: 'o1', session_token: 'st1', mobile: '13800138000' },
        header: { 'content-type': 'application/json' },
        timeout: config.timeoutMs,
      },
    ]);
  });

  it('sends the token as a bearer and no body on GET /accounts/me', async () => {
    const fake = reply(ok({ uid: '1' }));
    await request('me', undefined, { token: 'jwt' });
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      data: undefined,
      header: { Authorization: 'Bearer jwt' },
    });
    expect(fake.requests[0]!.url).toMatch(/\/accounts\/me$/);
  });

  it("rejects with the server's status and message", async () => {
    reply(refused(400, '验证码错误'));
    const error = await failureOf(request('me', undefined));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ status: 400, message: '验证码错误' });
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('reads Retry-After in any case', async () => {
    reply(refused(429, '验证码发送过于频繁，请 45 秒后再试', { 'retry-after': '45' }));
    expect(await failureOf(request('me', undefined))).toMatchObject({
      status: 429,
      retryAfterSeconds: 45,
    });
  });

  it.each([
    ['an HTML error page', { statusCode: 502, data: '<html>Bad Gateway</html>' }],
    [
      'a success without data',
      { statusCode: 200, data: { status: { code: 200, message: 'Ok all right.' }, success: true } },
    ],
    [
      'a status without a message',
      { statusCode: 400, data: { status: { code: 400 }, success: false } },
    ],
    ['null', { statusCode: 200, data: null }],
  ])('turns %s into a generic message, not a crash', async (_name, outcome) => {
    reply(outcome);
    const error = await failureOf(request('me', undefined));
    expect(error).toMatchObject({ message: CLIENT_MESSAGES.badReply, status: outcome.statusCode });
  });

  it('tells a timeout from other network failures', async () => {
    reply({ errMsg: 'request:fail timeout' });
    expect(await failureOf(request('me', undefined))).toMatchObject({
      status: 0,
      message: CLIENT_MESSAGES.timeout,
    });
    reply({ errMsg: 'request:fail url not in domain list' });
    expect(await failureOf(request('me', undefined))).toMatchObject({
      status: 0,
      message: CLIENT_MESSAGES.network,
    });
  });
});
