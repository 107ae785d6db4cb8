import { UpstreamError } from '../../providers/http/upstream-error';
import type { OAuthBindingType } from './binding-types';
import type { OAuthBindingFailure } from './oauth-binding-error';
import { OAuthBindingError } from './oauth-binding-error';

/**
 * What an upstream failure means for a binding. The code belongs to the user (invalid, used or
 * expired: start again); credentials and permissions belong to this server's configuration
 * (nothing the user can do); everything else is the provider being unavailable.
 */

/** WeChat errcodes about the login code: invalid, used, missing, expired. */
const WECHAT_CODE_ERRORS = new Set([40029, 40163, 41008, 42003]);
/** WeChat errcodes about this server's app: appid, secret, grant type. */
const WECHAT_CREDENTIAL_ERRORS = new Set([40002, 40013, 40125, 41002, 41004]);
const WECHAT_RISKY_USER = 40226;
const WECHAT_RATE_LIMITED = 45011;

function wechatFailure(error: UpstreamError): OAuthBindingFailure {
  if (error.failure !== 'api_error' || typeof error.code !== 'number') {
    return 'upstream_unavailable';
  }
  // A code error from /sns/userinfo would be about the access token, which we just obtained.
  if (WECHAT_CODE_ERRORS.has(error.code) && error.endpoint === '/sns/oauth2/access_token') {
    return 'code_invalid';
  }
  if (WECHAT_CREDENTIAL_ERRORS.has(error.code)) return 'bad_credentials';
  if (error.code === WECHAT_RISKY_USER) return 'account_restricted';
  if (error.code === WECHAT_RATE_LIMITED) return 'upstream_rate_limited';
  return 'upstream_unavailable';
}

/** WeCom errcodes from /cgi-bin/gettoken about this server's app: corpid, secret, missing ones. */
const WECOM_CREDENTIAL_ERRORS = new Set([40001, 40013, 41002, 41004]);
/** WeCom: the calling IP is not in the app's trusted list (企业可信IP), a configuration matter. */
const WECOM_UNTRUSTED_IP = 60020;
/** WeCom errcodes about the login code: invalid (unknown, used, expired, another agent's), missing. */
const WECOM_CODE_ERRORS = new Set([40029, 41008]);
/** WeCom's API frequency limits (45009 per app, 45033 concurrency). */
const WECOM_RATE_LIMITED = new Set([45009, 45033]);

function wecomFailure(error: UpstreamError): OAuthBindingFailure {
  if (error.failure !== 'api_error' || typeof error.code !== 'number') {
    return 'upstream_unavailable';
  }
  if (error.endpoint === '/cgi-bin/gettoken' && WECOM_CREDENTIAL_ERRORS.has(error.code)) {
    return 'bad_credentials';
  }
  if (error.code === WECOM_UNTRUSTED_IP) return 'bad_credentials';
  if (error.endpoint === '/cgi-bin/auth/getuserinfo' && WECOM_CODE_ERRORS.has(error.code)) {
    return 'code_invalid';
  }
  if (WECOM_RATE_LIMITED.has(error.code)) return 'upstream_rate_limited';
  return 'upstream_unavailable';
}

/**
 * DingTalk does not publish its codes for a bad authCode or client secret, so the HTTP status
 * decides and the code is a hint (see the sandbox README): a 4xx from the token endpoint is the
 * code's fault unless its code names the client; a 403 from users/me is a missing permission.
 */
function dingtalkFailure(error: UpstreamError): OAuthBindingFailure {
  const status = error.httpStatus ?? 0;
  const code = typeof error.code === 'string' ? error.code : '';
  // Only a documented error reply says anything about the code or the app; no answer, an HTML
  // page or a 5xx is DingTalk (or the way to it) being unavailable.
  if (error.failure !== 'api_error' || status >= 500) return 'upstream_unavailable';
  if (error.endpoint === '/v1.0/oauth2/userAccessToken' && status >= 400 && status < 500) {
    if (/client/i.test(code) || status === 401 || status === 403) return 'bad_credentials';
    if (/grantType/i.test(code) || code === 'invalidParameter') return 'bad_credentials';
    return 'code_invalid';
  }
  if (status === 403 || code.startsWith('Forbidden')) return 'permission_denied';
  return 'upstream_unavailable';
}

/** Rethrows an upstream failure as the binding failure it means; anything else unchanged. */
export function rethrowUpstreamFailure(error: unknown, type: OAuthBindingType): never {
  if (!(error instanceof UpstreamError)) throw error;
  const failure =
    error.service === 'dingtalk'
      ? dingtalkFailure(error)
      : error.service === 'wecom'
        ? wecomFailure(error)
        : wechatFailure(error);
  throw new OAuthBindingError(failure, type, { message: error.message, cause: error });
}
