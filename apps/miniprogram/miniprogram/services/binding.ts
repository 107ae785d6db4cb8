import type { WxaSessionData, WxaSignInStart } from '@wechat-bind/dto';
import { sendVerifyCode, wxaBindMobile } from './accounts';
import { saveSession } from './session-store';
import { currentAppId } from './wechat';

/**
 * Binding a phone to the identity `wxa_authorize` returned unbound; success signs the user in.
 * Every call carries the `session_token` of that sign-in: the server acts for an openid only for
 * the client that signed in with it.
 */

/** Texts a code to `mobile`; resolves to the seconds until a resend is allowed. */
export async function requestVerifyCode(identity: WxaSignInStart, mobile: string): Promise<number> {
  const sent = await sendVerifyCode({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    session_token: identity.session_token,
    mobile,
  });
  return sent.resend_after;
}

export async function bindWithVerifyCode(
  identity: WxaSignInStart,
  mobile: string,
  verifyCode: string,
): Promise<WxaSessionData> {
  const data = await wxaBindMobile({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    session_token: identity.session_token,
    mobile,
    verify_code: verifyCode,
  });
  saveSession(data);
  return data;
}

/** With the code of WeChat's `<button open-type="getPhoneNumber">`. */
export async function bindWithPhoneCode(
  identity: WxaSignInStart,
  phoneCode: string,
): Promise<WxaSessionData> {
  const data = await wxaBindMobile({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    session_token: identity.session_token,
    phone_code: phoneCode,
  });
  saveSession(data);
  return data;
}
