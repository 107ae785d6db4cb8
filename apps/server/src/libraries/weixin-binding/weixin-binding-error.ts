/**
 * Why a WeChat binding was refused, in domain terms. The caller decides what each reason means for
 * its audience (the `/api/my` dialect maps them to its documented messages).
 *
 * - `user_not_found`: no such user.
 * - `permission_denied`: the caller may not bind this user (a key binds only its own user).
 * - `too_many_attempts`: the caller tried too often; WeChat is not asked again for a while.
 * - `invalid_weixin_account`: WeChat did not confirm that the token, openid and unionid belong together.
 * - `weixin_unavailable`: WeChat could not be asked (down, slow, garbage, busy, rate limited).
 * - `not_configured`: this server has no WeChat mobile app to check tokens against.
 * - `store_unavailable`: the shared attempt counter (Redis) could not be reached.
 * - `user_has_weixin`: the user already has another WeChat account.
 * - `weixin_has_other_user`: this WeChat account already belongs to another user.
 */
export type WeixinBindingFailure =
  | 'user_not_found'
  | 'permission_denied'
  | 'too_many_attempts'
  | 'invalid_weixin_account'
  | 'weixin_unavailable'
  | 'not_configured'
  | 'store_unavailable'
  | 'user_has_weixin'
  | 'weixin_has_other_user';

export class WeixinBindingError extends Error {
  constructor(
    readonly reason: WeixinBindingFailure,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`weixin binding refused: ${reason}`, { cause: options?.cause });
    this.name = 'WeixinBindingError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** For `too_many_attempts`: how long until the caller may try again. */
  readonly retryAfterMs?: number;
}
