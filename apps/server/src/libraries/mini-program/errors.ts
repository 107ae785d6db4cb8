import type { WechatCryptoErrorReason } from '@wechat-bind/wechat-crypto';

/**
 * Why the mini-program flow refused a request, in domain terms. The caller decides what each
 * reason means for its audience (the `/accounts` dialect words them in api-docs/05's language).
 *
 * - `unknown_app`: the `auth_app_id` is not a configured mini-program.
 * - `authorize_first`: no proof of a live wxa_authorize session for this appId + openid.
 * - `challenge_failed`: the operator's SMS challenge (sms-challenge.ts) was not passed.
 * - `sign_in_required`: GET /accounts/me without a bearer token.
 * - `token_invalid`: a bearer token that is malformed, forged, expired, whose user is gone, or
 *   that was issued under an earlier binding of its WeChat identity.
 * - `mobile_already_bound`: the mobile's user already has a WeChat identity.
 * - `identity_already_bound`: this WeChat identity already signs in with another mobile (binding
 *   is not a way to move it).
 * - `verify_code_wrong`: the SMS code does not match, and tries remain.
 * - `verify_code_expired`: the SMS code is used, expired, or burnt by too many wrong tries.
 * - `undecryptable`: `encrypted_data` did not decrypt (`decryptFailure` says why).
 * - `js_code_invalid`, `js_code_used`: WeChat refused the login code.
 * - `risky_user`: WeChat refuses to sign this user in.
 * - `phone_code_invalid`: WeChat refused the getPhoneNumber code.
 * - `phone_not_mainland`: the phone WeChat gave is not a mainland mobile.
 * - `wechat_rate_limited`: WeChat says the app is calling too fast; trying again shortly works.
 * - `wechat_unavailable`: WeChat could not be asked (down, slow, busy, our app misconfigured).
 * - `sms_unavailable`: the SMS provider failed to send.
 * - `too_many_requests`: one of the flow's limits refused (`limit`, `retryAfterMs`).
 */
export type MiniProgramFailure =
  | 'unknown_app'
  | 'authorize_first'
  | 'challenge_failed'
  | 'sign_in_required'
  | 'token_invalid'
  | 'mobile_already_bound'
  | 'identity_already_bound'
  | 'verify_code_wrong'
  | 'verify_code_expired'
  | 'undecryptable'
  | 'js_code_invalid'
  | 'js_code_used'
  | 'risky_user'
  | 'phone_code_invalid'
  | 'phone_not_mainland'
  | 'wechat_rate_limited'
  | 'wechat_unavailable'
  | 'sms_unavailable'
  | 'too_many_requests';

/**
 * Which limit refused a request:
 *
 * - `attempts`: failed session proofs, or code checks, per address.
 * - `sms_requests`: SMS requests per address or per requester, hourly.
 * - `sms_interval`: the wait between two codes for the same requester and mobile.
 * - `sms_daily`: the daily count of codes for a mobile (per requester, or over all of them).
 * - `sms_provider`: the SMS provider itself throttled the number or the account.
 */
export type MiniProgramLimit =
  'attempts' | 'sms_requests' | 'sms_interval' | 'sms_daily' | 'sms_provider';

type PlainFailure = Exclude<MiniProgramFailure, 'too_many_requests' | 'undecryptable'>;

export interface MiniProgramErrorOptions {
  cause?: unknown;
  /** For `too_many_requests`: how long until the caller may try again. */
  retryAfterMs?: number;
  /** For `too_many_requests`. */
  limit?: MiniProgramLimit;
  /** For `undecryptable`. */
  decryptFailure?: WechatCryptoErrorReason;
}

export class MiniProgramError extends Error {
  readonly reason: MiniProgramFailure;
  readonly retryAfterMs?: number;
  readonly limit?: MiniProgramLimit;
  readonly decryptFailure?: WechatCryptoErrorReason;

  constructor(
    reason: 'too_many_requests',
    options: { limit: MiniProgramLimit; retryAfterMs: number; cause?: unknown },
  );
  constructor(
    reason: 'undecryptable',
    options: { decryptFailure: WechatCryptoErrorReason; cause?: unknown },
  );
  constructor(reason: PlainFailure, options?: { cause?: unknown });
  constructor(reason: MiniProgramFailure, options: MiniProgramErrorOptions = {}) {
    super(`mini-program request refused: ${reason}`, { cause: options.cause });
    this.name = 'MiniProgramError';
    this.reason = reason;
    this.retryAfterMs = options.retryAfterMs;
    this.limit = options.limit;
    this.decryptFailure = options.decryptFailure;
  }
}
