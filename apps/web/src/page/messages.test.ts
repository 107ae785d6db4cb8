import type { WebSessionFailure } from '@wechat-bind/server/testing';
import { renderDialectError, WebSessionError } from '@wechat-bind/server/testing';
import { ApiError } from './api-error';
import { describeError } from './error-messages';
import { EN, pickMessages, ZH_CN } from './messages';
import { PROVIDERS } from './providers';

// Every refusal of the web sign-in: the compiler fails this file when one is added.
const SIGN_IN_FAILURES: Record<WebSessionFailure, true> = {
  code_wrong: true,
  code_expired: true,
  mobile_unknown: true,
  account_not_bound: true,
  state_invalid: true,
  not_configured: true,
  too_many_requests: true,
  sms_unavailable: true,
};

/** What the server really answers for an error thrown under the administrator API. */
function serverReply(error: Error): ApiError {
  const { status, body } = renderDialectError('/api/administrator/session', error);
  return new ApiError({ kind: 'http', status, msg: (body as { msg: string }).msg });
}

/** Every key of a message table, nested keys by path. */
const keysOf = (table: object, prefix = ''): string[] =>
  Object.entries(table).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );

describe('the page`s languages', () => {
  it('is Chinese first, English only when the browser`s first language is English', () => {
    expect(pickMessages(['zh-CN', 'en'])).toBe(ZH_CN);
    expect(pickMessages([])).toBe(ZH_CN);
    expect(pickMessages(undefined)).toBe(ZH_CN);
    expect(pickMessages(['fr-FR', 'en'])).toBe(ZH_CN);
    expect(pickMessages(['en-GB', 'zh-CN'])).toBe(EN);
    expect(pickMessages(['EN'])).toBe(EN);
  });

  it('has the same words in both tables', () => {
    expect(keysOf(ZH_CN).sort()).toEqual(keysOf(EN).sort());
  });

  it.each(Object.keys(SIGN_IN_FAILURES) as WebSessionFailure[])(
    'has plain words in both languages for the server`s %s',
    (failure) => {
      for (const provider of PROVIDERS.slice(0, 2)) {
        const error = serverReply(new WebSessionError(failure, { type: provider.type }));
        for (const messages of [EN, ZH_CN]) {
          const description = describeError(error, provider, messages, { token: false });
          expect(description.known).toBe(true);
          expect(description.detail).toContain(error.msg);
        }
      }
    },
  );

  it('names the provider in the page`s language', () => {
    const error = serverReply(new WebSessionError('account_not_bound', { type: 'DING_TALK' }));
    expect(describeError(error, undefined, ZH_CN).text).toBe(
      '此钉钉账号未绑定任何用户。请先用手机号登录，再绑定钉钉。',
    );
    expect(describeError(error, undefined, EN).text).toBe(
      'This DingTalk account is not bound to any user. Sign in with your mobile number first, then bind DingTalk.',
    );
  });

  it('words an ended session apart from a refused token', () => {
    const error = new ApiError({ kind: 'http', status: 401, msg: '请求未认证' });
    expect(describeError(error, undefined, EN, { token: false }).text).toMatch(
      /^You are signed out/,
    );
    expect(describeError(error, undefined, ZH_CN, { token: true }).text).toMatch(
      /^访问令牌未被接受/,
    );
  });
});
