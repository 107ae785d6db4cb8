import type { OAuthBindingType } from '../oauth-binding';

/**
 * Why signing in to the web page was refused, in domain terms. The administrator dialect words
 * each reason (dialects/oauth-binding/errors.ts).
 */
export type WebSessionFailure =
  /** The SMS code does not match, and tries remain. */
  | 'code_wrong'
  /** The SMS code is used, expired, burnt by wrong tries, or was sent to another browser. */
  | 'code_expired'
  /** The mobile proved itself, but no user has it. */
  | 'mobile_unknown'
  /** The provider vouched for an account that is bound to nobody. */
  | 'account_not_bound'
  /** The sign-in `state` is unknown, used, expired, or was issued to another browser. */
  | 'state_invalid'
  /** This server has no app for the provider, or the provider is not a way to sign in. */
  | 'not_configured'
  /** A limit refused; `retryAfterMs` says when to try again. */
  | 'too_many_requests'
  /** The SMS provider did not accept the message. */
  | 'sms_unavailable';

export class WebSessionError extends Error {
  readonly retryAfterMs?: number;
  /** The provider a refusal is about, when there is one. */
  readonly type?: OAuthBindingType;

  constructor(
    readonly failure: WebSessionFailure,
    options: { type?: OAuthBindingType; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(`web sign-in refused: ${failure}`, { cause: options.cause });
    this.name = 'WebSessionError';
    this.type = options.type;
    this.retryAfterMs = options.retryAfterMs;
  }
}
