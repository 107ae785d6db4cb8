/**
 * WeChat's own failures of a call or an open-type button, told apart by their `errno` and
 * `errMsg` (developers.weixin.qq.com: privacy guide, getPhoneNumber), each with its own words.
 */
export type WechatFailure =
  /** The user said no in WeChat's sheet (`:fail user deny`, `:fail cancel`). */
  | 'denied'
  /** The user declined the app's privacy sheet: `:fail privacy permission is not authorized`. */
  | 'privacyDeclined'
  /** errno 112: the data is not declared in the app's privacy guide in the 小程序后台. */
  | 'privacyUndeclared'
  /** errno 1400001: the app's phone-number quota is used up. */
  | 'quotaUsedUp'
  /** `:fail no permission`: the account may not use it (personal or unverified accounts). */
  | 'noPermission'
  | 'other';

export interface WechatFailureResult {
  errMsg?: string;
  errno?: number;
}

/** errno of `api scope is not declared in the privacy agreement`. */
export const ERRNO_PRIVACY_UNDECLARED = 112;
/** errno of a getPhoneNumber tap when the app's quota is used up. */
export const ERRNO_PHONE_QUOTA = 1400001;

export function classifyWechatFailure({ errMsg = '', errno }: WechatFailureResult): WechatFailure {
  if (errno === ERRNO_PRIVACY_UNDECLARED || /not declared in the privacy/i.test(errMsg)) {
    return 'privacyUndeclared';
  }
  if (/privacy permission is not authorized/i.test(errMsg)) return 'privacyDeclined';
  if (errno === ERRNO_PHONE_QUOTA) return 'quotaUsedUp';
  if (/no permission/i.test(errMsg)) return 'noPermission';
  if (/deny|cancel/i.test(errMsg)) return 'denied';
  return 'other';
}
