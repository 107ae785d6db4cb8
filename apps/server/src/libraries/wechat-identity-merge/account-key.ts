/** The three ids WeChat gives together when a person signs in to one of its apps. */
export interface WechatIds {
  appId: string;
  openid: string;
  /** Null when the app is not attached to an Open Platform account. */
  unionid: string | null;
}

/** The key of a WeChat person known only through one app: `appId:openid`. */
export const openidAccountKey = (appId: string, openid: string): string => `${appId}:${openid}`;

/**
 * The external account key of a WeChat person: the unionid, which every app of the same Open
 * Platform account shares, or `appId:openid` for an app without one (docs/data-model.md).
 */
export const wechatAccountKey = ({ appId, openid, unionid }: WechatIds): string =>
  unionid ?? openidAccountKey(appId, openid);

/**
 * Whether the account an openid is filed under (keyed `accountKey`) is this person's
 * `appId:openid` account while WeChat now names their unionid: then it is to be re-keyed as, or
 * merged into, the unionid's account. An account keyed by some other unionid is left alone: an
 * openid never changes its unionid, so that is not this rule's to repair.
 */
export const mustJoinUnionid = (accountKey: string, ids: WechatIds): boolean =>
  ids.unionid !== null &&
  accountKey !== ids.unionid &&
  accountKey === openidAccountKey(ids.appId, ids.openid);
