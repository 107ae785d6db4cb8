import type { UpstreamFailure, UpstreamService } from '../../providers/http/upstream-error';
import { UpstreamError } from '../../providers/http/upstream-error';
import { OAuthBindingError } from './oauth-binding-error';
import { rethrowUpstreamFailure } from './upstream-failure';

function failureOf(options: {
  service: UpstreamService;
  failure: UpstreamFailure;
  endpoint: string;
  code?: number | string;
  httpStatus?: number;
}) {
  try {
    rethrowUpstreamFailure(
      new UpstreamError({ ...options, message: 'test' }),
      options.service === 'dingtalk' ? 'DING_TALK' : 'WECHAT',
    );
  } catch (error) {
    return (error as OAuthBindingError).failure;
  }
}

const wechat = (code: number, endpoint = '/sns/oauth2/access_token') =>
  failureOf({ service: 'wechat', failure: 'api_error', endpoint, code, httpStatus: 200 });
const dingtalk = (endpoint: string, httpStatus: number, code?: string) =>
  failureOf({
    service: 'dingtalk',
    failure: code ? 'api_error' : 'bad_response',
    endpoint,
    code,
    httpStatus,
  });

describe('what an upstream failure means for a binding', () => {
  it('maps WeChat errcodes', () => {
    for (const code of [40029, 40163, 41008, 42003]) expect(wechat(code)).toBe('code_invalid');
    for (const code of [40002, 40013, 40125, 41002, 41004]) {
      expect(wechat(code)).toBe('bad_credentials');
    }
    expect(wechat(40226)).toBe('account_restricted');
    expect(wechat(45011)).toBe('upstream_rate_limited');
    expect(wechat(-1)).toBe('upstream_unavailable');
    // About the access token we were just given: WeChat's problem, not the user's code.
    expect(wechat(40029, '/sns/userinfo')).toBe('upstream_unavailable');
    expect(wechat(40001, '/sns/userinfo')).toBe('upstream_unavailable');
    for (const failure of ['timeout', 'network', 'bad_response'] as const) {
      expect(failureOf({ service: 'wechat', failure, endpoint: '/sns/userinfo' })).toBe(
        'upstream_unavailable',
      );
    }
  });

  it('maps DingTalk statuses, with the code as a hint', () => {
    const token = '/v1.0/oauth2/userAccessToken';
    expect(dingtalk(token, 400, 'invalidAuthCode')).toBe('code_invalid');
    expect(dingtalk(token, 400, 'Missingcode')).toBe('code_invalid');
    expect(dingtalk(token, 400, 'someUndocumentedCode')).toBe('code_invalid');
    expect(dingtalk(token, 400, 'invalidClientSecret')).toBe('bad_credentials');
    expect(dingtalk(token, 400, 'invalidClientId')).toBe('bad_credentials');
    expect(dingtalk(token, 401, 'Unauthorized')).toBe('bad_credentials');
    expect(dingtalk(token, 500, 'InternalError')).toBe('upstream_unavailable');
    expect(dingtalk(token, 404)).toBe('upstream_unavailable');

    const me = '/v1.0/contact/users/me';
    expect(dingtalk(me, 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied')).toBe(
      'permission_denied',
    );
    expect(dingtalk(me, 400, 'InvalidAuthentication')).toBe('upstream_unavailable');
    expect(dingtalk(me, 503)).toBe('upstream_unavailable');
    expect(failureOf({ service: 'dingtalk', failure: 'timeout', endpoint: me })).toBe(
      'upstream_unavailable',
    );
  });

  it('leaves other errors alone', () => {
    const bug = new TypeError('not an upstream failure');
    expect(() => rethrowUpstreamFailure(bug, 'WECHAT')).toThrow(bug);
    expect(bug).not.toBeInstanceOf(OAuthBindingError);
  });
});
