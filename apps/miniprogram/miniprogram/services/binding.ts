import type { WxaIdentity, WxaSessionData } from '@wechat-bind/dto';
import { sendVerifyCode, wxaBindMobile } from './accounts';
import { saveSession } from './session-store';
import { currentAppId } from './wechat';

/** Binding a phone to the identity `wxa_authorize` returned unbound; success signs the user in. */

/** Texts a code to `mobile`; resolves to the seconds until a resend is allowed. */
export async function requestVerifyCode(identity: WxaIdentity, mobile: string): Promise<number> {
  const sent = await sendVerifyCode({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    mobile,
  });
  return sent.resend_after;
}

export async function bindWithVerifyCode(
  identity: WxaIdentity,
  mobile: string,
  verifyCode: string,
): Promise<WxaSessionData> {
  const data = await wxaBindMobile({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    mobile,
    verify_code: verifyCode,
  });
  saveSession(data);
  return data;
}

/** With the code of WeChat's `<button open-type="getPhoneNumber">`. */
export async function bindWithPhoneCode(
  identity: WxaIdentity,
  phoneCode: string,
): Promise<WxaSessionData> {
  const data = await wxaBindMobile({
    auth_app_id: currentAppId(),
    openid: identity.openid,
    phone_code: phoneCode,
  });
  saveSession(data);
  return data;
}
