import type { WxaAuthorizeData } from '@wechat-bind/dto';
import { wxaAuthorize } from './accounts';
import { UserFacingError } from './errors';
import type { StoredSession } from './session-store';
import { clearSession, saveSession } from './session-store';
import type { EncryptedProfile } from './wechat';
import { currentAppId, getUserInfo, login } from './wechat';

/**
 * The server's answers (docs/mini-program.md) that mean the login was stale rather than wrong:
 * the code aged out or was used, or the profile was encrypted with another session key than the
 * code's, because `wx.login` renewed the key between the two. A new login fixes all three.
 */
const STALE_LOGIN_MESSAGES: readonly string[] = [
  'encrypted_data 解密失败：数据已损坏或不属于本次登录',
  'js_code 无效或已过期，请重新登录',
  'js_code 已被使用，请重新登录',
];

export const isStaleLogin = (error: unknown): boolean =>
  error instanceof UserFacingError &&
  error.status === 400 &&
  error.serverMessage !== undefined &&
  STALE_LOGIN_MESSAGES.includes(error.serverMessage);

function authorize(code: string, profile: EncryptedProfile): Promise<WxaAuthorizeData> {
  return wxaAuthorize({
    js_code: code,
    encrypted_data: profile.encryptedData,
    iv: profile.iv,
    auth_app_id: currentAppId(),
  });
}

/**
 * `wxa_authorize` with a login code and the encrypted profile (both already requested by the
 * caller, in that order). A stale login is retried once, with a new `wx.login` and a profile
 * from `wx.getUserInfo`, which needs no tap and is encrypted under the new login's key. A bound
 * identity's session is stored; an unbound one comes back for the phone binding.
 */
export async function signIn(attempt: {
  code: Promise<string>;
  profile: Promise<EncryptedProfile>;
}): Promise<WxaAuthorizeData> {
  const [code, profile] = await Promise.all([attempt.code, attempt.profile]);
  let data: WxaAuthorizeData;
  try {
    data = await authorize(code, profile);
  } catch (error) {
    if (!isStaleLogin(error)) throw error;
    const freshCode = await login();
    data = await authorize(freshCode, await getUserInfo());
  }
  if (data.bound) saveSession(data);
  return data;
}

/**
 * Signs in again without the user (the token expired or was refused): a new login, then the
 * profile under its key. Null when the identity no longer has a bound phone, in which case the
 * stored session is dropped and the user has to go through the sign-in page.
 */
export async function renewSession(): Promise<StoredSession | null> {
  const code = await login();
  const data = await signIn({ code: Promise.resolve(code), profile: getUserInfo() });
  if (data.bound) return saveSession(data);
  clearSession();
  return null;
}
