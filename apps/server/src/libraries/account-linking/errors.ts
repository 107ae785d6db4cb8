/** Why a field (or a linking rule, named like a field) refused the request: 04's 422 codes. */
export type AccountRuleCode = 'missing_field' | 'invalid' | 'already_exists';

/**
 * A linking rule refused the request: the email is taken, one side is already linked elsewhere,
 * both sides hold a live membership, an unlink needs an anchor. `field` is a request field or
 * the rule's own name (`account`, `membership`); the account dialect renders it as
 * `422 { message: "Validation Failed", error: { field, code } }`.
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
