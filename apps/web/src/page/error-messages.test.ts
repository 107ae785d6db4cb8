import type { OAuthBindingFailure } from '@wechat-bind/server/testing';
import {
  administratorUnauthenticated,
  httpErrors,
  OAuthBindingError,
  renderDialectError,
} from '@wechat-bind/server/testing';
import { ApiError } from './api-error';
import { describeError, waitWords } from './error-messages';
import { PROVIDERS } from './providers';

const [wechat, dingtalk] = PROVIDERS as [(typeof PROVIDERS)[0], (typeof PROVIDERS)[0]];

// Every refusal the binding library has: the compiler fails this file when one is added.
const FAILURES: Record<OAuthBindingFailure, true> = {
  state_invalid: true,
  code_invalid: true,
  bound_to_other_user: true,
  user_has_other_account: true,
  not_configured: true,
  bad_credentials: true,
  permission_denied: true,
  account_restricted: true,
  organisation_not_allowed: true,
  upstream_rate_limited: true,
  upstream_unavailable: true,
  too_many_attempts: true,
  cache_unavailable: true,
};

/** What the server really answers for an error thrown under the administrator API. */
function serverReply(error: Error): ApiError {
  const { status, body, headers } = renderDialectError(
    '/api/administrator/user/oauth-binding',
    error,
  );
  const { msg, data } = body as { msg: string; data?: Record<string, string[]> };
  const retryAfter = headers['Retry-After'];
  return new ApiError({
    kind: 'http',
    status,
    msg,
    fields: data,
    retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter),
  });
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('describeError', () => {
  it.each(Object.keys(FAILURES) as OAuthBindingFailure[])(
    'has plain words for the server`s %s, for both providers',
    (failure) => {
      for (const provider of [wechat, dingtalk]) {
        const reply = serverReply(
          new OAuthBindingError(failure, provider.type, { retryAfterMs: 42_000 }),
        );
        const description = describeError(reply, provider);
        expect(description).toMatchObject({ known: true, signIn: false });
        expect(description.text).not.toMatch(CHINESE);
        // The server's words stay available for a support request.
        expect(description.detail).toBe(`Server said: ${reply.msg} (HTTP ${reply.status})`);
        // A message that names the provider names the right one.
        if (/微信|钉钉/.test(reply.msg!)) expect(description.text).toContain(provider.label);
      }
    },
  );

  it.each(Object.keys(httpErrors) as Array<keyof typeof httpErrors>)(
    'has plain words for the HTTP layer`s %s',
    (name) => {
      const description = describeError(serverReply(httpErrors[name]()), wechat);
      expect(description.known).toBe(true);
      expect(description.text).not.toMatch(CHINESE);
    },
  );

  it('sends the user to sign in again on 401', () => {
    const description = describeError(serverReply(administratorUnauthenticated()), wechat);
    expect(description).toMatchObject({ signIn: true, known: true });
    expect(description.text).toMatch(/revoked or expired/);
  });

  it('says how long to wait, and which button starts again', () => {
    const limited = describeError(
      serverReply(new OAuthBindingError('too_many_attempts', 'WECHAT', { retryAfterMs: 42_000 })),
    );
    expect(limited.text).toBe('Too many attempts. Try again in 42 seconds.');
    const expired = describeError(
      serverReply(new OAuthBindingError('state_invalid', 'DING_TALK')),
      dingtalk,
    );
    expect(expired.text).toContain('“Bind DingTalk”');
  });

  it('lists the fields of a validation failure', () => {
    const description = describeError(
      new ApiError({
        kind: 'http',
        status: 403,
        msg: '请求数据验证失败!',
        fields: { state: ['state 不能为空。'] },
      }),
    );
    expect(description.text).toContain('state 不能为空。');
  });

  it('falls back to the status`s wording for a message it does not know, keeping the message', () => {
    const unknown = describeError(new ApiError({ kind: 'http', status: 409, msg: '新的错误' }));
    expect(unknown).toMatchObject({ known: false, text: 'The server refused the request.' });
    expect(unknown.detail).toContain('新的错误');
    expect(describeError(new ApiError({ kind: 'http', status: 504, msg: '?' })).text).toMatch(
      /could not complete/,
    );
  });

  it('explains no answer, a foreign answer, and a bug in the page', () => {
    expect(describeError(new ApiError({ kind: 'network' })).text).toMatch(
      /Cannot reach the server/,
    );
    expect(describeError(new ApiError({ kind: 'unexpected', status: 502 }))).toMatchObject({
      detail: 'HTTP 502',
    });
    expect(describeError(new TypeError('x is undefined'))).toMatchObject({ known: false });
  });
});

describe('waitWords', () => {
  it('speaks in seconds, then minutes', () => {
    expect(waitWords(undefined)).toBe('later');
    expect(waitWords(1)).toBe('in 1 second');
    expect(waitWords(89)).toBe('in 89 seconds');
    expect(waitWords(600)).toBe('in 10 minutes');
  });
});
