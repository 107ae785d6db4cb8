import { UpstreamError } from '../../providers/http/upstream-error';
import {
  APP_CREDENTIAL_ERRCODES,
  OAUTH_CODE_ERRCODES,
  WECHAT_ERRCODES,
} from '../../providers/wechat/errcodes';
import type { OAuthBindingType } from './binding-types';
import type { OAuthBindingFailure } from './oauth-binding-error';
import { OAuthBindingError } from './oauth-binding-error';

/**
 * What an upstream failure means for a binding. The code belongs to the user (invalid, used or
 * expired: start again); credentials and permissions belong to this server's configuration
 * (nothing the user can do); everything else is the provider being unavailable.
 */

function wechatFailure(error: UpstreamError): OAuthBindingFailure {
  if (error.failure !== 'api_error' || typeof error.code !== 'number') {
    return 'upstream_unavailable';
  }
  // A code error from /sns/userinfo would be about the access token, which we just obtained.
  if (OAUTH_CODE_ERRCODES.includes(error.code) && error.endpoint === '/sns/oauth2/access_token') {
    return 'code_invalid';
  }
  if (APP_CREDENTIAL_ERRCODES.includes(error.code)) return 'bad_credentials';
  if (error.code === WECHAT_ERRCODES.riskyUser) return 'account_restricted';
  if (error.code === WECHAT_ERRCODES.rateLimited) return 'upstream_rate_limited';
  return 'upstream_unavailable';
}

/**
 * WeCom's errcodes this server acts on. WeCom numbers its codes like WeChat but means its own
 * things by some of them (40001 is a bad corp secret here), so they are named apart.
 */
const WECOM_ERRCODES = {
  /** 40001: the corp secret is invalid. */
  invalidSecret: 40001,
  /** 40013: the corpid is invalid. */
  invalidCorpId: 40013,
  /** 40029: the login code is invalid: unknown, used, expired, or another agent's. */
  invalidCode: 40029,
  /** 41002: the corpid is missing. */
  missingCorpId: 41002,
  /** 41004: the corp secret is missing. */
  missingSecret: 41004,
  /** 41008: the login code is missing. */
  missingCode: 41008,
  /** 45009: the app's API frequency limit. */
  rateLimited: 45009,
  /** 45033: too many concurrent calls. */
  tooManyConcurrentCalls: 45033,
  /** 60020: the calling IP is not in the app's trusted list (企业可信IP), a configuration matter. */
  untrustedIp: 60020,
} as const;

const W = WECOM_ERRCODES;
/** From /cgi-bin/gettoken, about this server's app: corpid, secret, missing ones. */
const WECOM_CREDENTIAL_ERRORS: readonly number[] = [
  W.invalidSecret,
  W.invalidCorpId,
  W.missingCorpId,
  W.missingSecret,
];
/** From /cgi-bin/auth/getuserinfo, about the login code. */
const WECOM_CODE_ERRORS: readonly number[] = [W.invalidCode, W.missingCode];
const WECOM_RATE_LIMITED: readonly number[] = [W.rateLimited, W.tooManyConcurrentCalls];

function wecomFailure(error: UpstreamError): OAuthBindingFailure {
  if (error.failure !== 'api_error' || typeof error.code !== 'number') {
    return 'upstream_unavailable';
  }
  if (error.endpoint === '/cgi-bin/gettoken' && WECOM_CREDENTIAL_ERRORS.includes(error.code)) {
    return 'bad_credentials';
  }
  if (error.code === W.untrustedIp) return 'bad_credentials';
  if (error.endpoint === '/cgi-bin/auth/getuserinfo' && WECOM_CODE_ERRORS.includes(error.code)) {
    return 'code_invalid';
  }
  if (WECOM_RATE_LIMITED.includes(error.code)) return 'upstream_rate_limited';
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
