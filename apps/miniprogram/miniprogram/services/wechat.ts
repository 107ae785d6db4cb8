import { config } from '../config';
import { CLIENT_MESSAGES, UserFacingError } from './errors';

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

function profileFrom(result: { encryptedData?: string; iv?: string }): EncryptedProfile {
  if (!result.encryptedData || !result.iv) {
    throw new UserFacingError(CLIENT_MESSAGES.loginFailed);
  }
  return { encryptedData: result.encryptedData, iv: result.iv };
}

/**
 * `wx.getUserInfo` with credentials: needs no tap, so it can run after an `await` (a retry, a
 * silent renewal). Under WeChat's current rules it returns the anonymous profile ("微信用户"),
 * encrypted with the current session key, which is all the server requires.
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
      fail: () => reject(new UserFacingError(CLIENT_MESSAGES.loginFailed)),
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
      fail: ({ errMsg }) =>
        reject(
          new UserFacingError(
            /deny|cancel/i.test(errMsg)
              ? CLIENT_MESSAGES.profileDenied
              : CLIENT_MESSAGES.loginFailed,
          ),
        ),
    });
  });
}
