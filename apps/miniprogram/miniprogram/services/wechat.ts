import { config } from '../config';
import { CLIENT_MESSAGES, UserFacingError } from './errors';
import type { WechatFailureResult } from './wechat-failures';
import { classifyWechatFailure } from './wechat-failures';

/** The WeChat client calls the sign-in needs, as promises. */

/** What `wxa_authorize` needs from the user-info call: the profile encrypted with the session key. */
export interface EncryptedProfile {
  encryptedData: string;
  iv: string;
}

/** This mini-program's appid: `auth_app_id` in every `/accounts/*` call. */
export function currentAppId(): string {
  return wx.getAccountInfoSync().miniProgram.appId;
}

/** `wx.login()`: a one-time `js_code`, valid five minutes; it may also renew the session key. */
export function login(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      timeout: config.timeoutMs,
      success: ({ code }) =>
        code ? resolve(code) : reject(new UserFacingError(CLIENT_MESSAGES.loginFailed)),
      fail: () => reject(new UserFacingError(CLIENT_MESSAGES.loginFailed)),
    });
  });
}

/** A user-info call's failure in words: the privacy sheet declined, the sheet denied, or other. */
function profileFailure(result: WechatFailureResult): UserFacingError {
  switch (classifyWechatFailure(result)) {
    case 'privacyDeclined':
      return new UserFacingError(CLIENT_MESSAGES.privacyDeclined);
    case 'privacyUndeclared':
      return new UserFacingError(CLIENT_MESSAGES.privacyUndeclared);
    case 'denied':
      return new UserFacingError(CLIENT_MESSAGES.profileDenied);
    default:
      return new UserFacingError(CLIENT_MESSAGES.loginFailed);
  }
}

function profileFrom(result: { encryptedData?: string; iv?: string }): EncryptedProfile {
  if (!result.encryptedData || !result.iv) {
    throw new UserFacingError(CLIENT_MESSAGES.loginFailed);
  }
  return { encryptedData: result.encryptedData, iv: result.iv };
}

/**
 * `wx.getUserInfo` with credentials: needs no tap, so it can run after an `await` (a retry, a
 * silent renewal). Under WeChat's current rules it returns the anonymous profile ("微信用户", a
 * grey avatar), encrypted with the current session key, which is all the server requires: the
 * user's real name and picture come from the profile page's fill-in.
 */
export function getUserInfo(): Promise<EncryptedProfile> {
  return new Promise((resolve, reject) => {
    wx.getUserInfo({
      withCredentials: true,
      lang: 'zh_CN',
      success: (result) => {
        try {
          resolve(profileFrom(result));
        } catch (error) {
          reject(error);
        }
      },
      fail: (result) => reject(profileFailure(result)),
    });
  });
}

/**
 * The user-info call of an interactive sign-in. `wx.getUserProfile` shows WeChat's consent sheet
 * and must be called synchronously inside a tap handler, before any `await`: call this first
 * thing in the handler. Base libraries without it (before 2.10.4) fall back to `wx.getUserInfo`.
 */
export function getUserProfile(): Promise<EncryptedProfile> {
  if (!wx.canIUse('getUserProfile')) return getUserInfo();
  return new Promise((resolve, reject) => {
    wx.getUserProfile({
      desc: config.profileReason,
      lang: 'zh_CN',
      success: (result) => {
        try {
          resolve(profileFrom(result));
        } catch (error) {
          reject(error);
        }
      },
      fail: (result) => reject(profileFailure(result)),
    });
  });
}
