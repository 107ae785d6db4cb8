/**
 * One person across apps: a WeChat identity keyed `appId:openid` (its app had no Open Platform
 * account yet) and the same person's unionid account become one account once WeChat names the
 * unionid for that openid. Every flow that learns (appId, openid, unionid) together calls it:
 * the mini-program sign-in (after its one statement says so), the web and official-account
 * bindings and sign-ins (reconcileWechatIdentity). docs/data-model.md has the rule.
 */
export type { WechatIds } from './account-key';
export { mustJoinUnionid, openidAccountKey, wechatAccountKey } from './account-key';
export { IdentityMergeError } from './identity-merge-error';
export type { IdentityMergeFailure } from './identity-merge-error';
export { joinUnionid } from './join-unionid';
export type { MergeOrigin, MergeOutcome } from './join-unionid';
export { reconcileWechatIdentity } from './reconcile';
