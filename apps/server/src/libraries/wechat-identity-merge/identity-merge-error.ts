/**
 * Why a WeChat identity could not be made one account:
 *
 * - `identity_split`: the `appId:openid` account and the unionid's account are bound to two
 *   different users who both hold data (users-holding-data.ts), so neither can be given up
 *   without asking the person; nothing was changed.
 */
export type IdentityMergeFailure = 'identity_split';

export class IdentityMergeError extends Error {
  constructor(
    readonly failure: IdentityMergeFailure,
    options: { cause?: unknown } = {},
  ) {
    super(`WeChat identity not merged: ${failure}`, { cause: options.cause });
    this.name = 'IdentityMergeError';
  }
}
