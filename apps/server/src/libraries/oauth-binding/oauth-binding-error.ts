import type { OAuthBindingType } from './binding-types';

/**
 * Why a binding operation was refused, in domain terms. The administrator routes turn each reason
 * into a status and a message of their dialect (dialects/oauth-binding/errors.ts).
 */
export type OAuthBindingFailure =
  /** The `state` is unknown, used, expired, or was issued to another user or for another type. */
  | 'state_invalid'
  /** The provider refused the code: unknown, used, expired or issued to another app. */
  | 'code_invalid'
  /** The external account is bound to another user. */
  | 'bound_to_other_user'
  /**
   * The account's organisation may not bind here: a DingTalk member of an organisation outside
   * DINGTALK_ALLOWED_CORP_IDS, or a WeCom user who is not a member of the configured corp.
   */
  | 'organisation_not_allowed'
  /** This user already has another account of this type. */
  | 'user_has_other_account'
  /** The server has no app configured for this type. */
  | 'not_configured'
  /** The provider refused this server's app credentials. */
  | 'bad_credentials'
  /** DingTalk: the app lacks the Contact.User.Read permission. */
  | 'permission_denied'
  /** WeChat: the user's account is restricted (40226). */
  | 'account_restricted'
  /** The provider limits this server's calls (WeChat 45011). */
  | 'upstream_rate_limited'
  /** The provider did not answer, or answered something unusable. */
  | 'upstream_unavailable'
  /** Too many attempts by this user; `retryAfterMs` says when to try again. */
  | 'too_many_attempts'
  /** Redis, which holds states and limits, did not answer. */
  | 'cache_unavailable';

export class OAuthBindingError extends Error {
  /** How long until the user may try again, as the limiter counts it (unrounded). */
  readonly retryAfterMs?: number;

  constructor(
    readonly failure: OAuthBindingFailure,
    readonly type: OAuthBindingType,
    options: { message?: string; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(options.message ?? failure, { cause: options.cause });
    this.name = 'OAuthBindingError';
    this.retryAfterMs = options.retryAfterMs;
  }
}
