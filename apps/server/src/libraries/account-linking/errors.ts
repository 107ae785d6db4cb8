/**
 * Why a field (or a linking rule, named like a field) refused the request: 04's 422 codes, plus
 * the original server's link refusals (`link_already_taken`, `both_valid`), which its clients
 * read.
 */
export type AccountRuleCode =
  'missing_field' | 'invalid' | 'already_exists' | 'link_already_taken' | 'both_valid';

/**
 * A linking rule refused the request: the email is taken, one side is already linked elsewhere,
 * both sides hold a live membership, an unlink needs an anchor, a link's password is missing or
 * wrong. `field` is a request field or the rule's own name (`account`, `membership`); the account
 * dialect renders it as `422 { message: "Validation Failed", error: { field, code } }`.
 */
export class AccountRuleError extends Error {
  constructor(
    readonly field: string,
    readonly code: AccountRuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountRuleError';
  }
}

/** Too many failed tries from one caller; the account dialect answers 429 with Retry-After. */
export class AccountRateLimitError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = 'too many failed tries',
  ) {
    super(message);
    this.name = 'AccountRateLimitError';
  }
}
