import {
  encryptData,
  generateIv,
  generateSessionKey,
  rawDataSignature,
} from '@wechat-bind/wechat-crypto';
import type {
  MintEncryptedDataInput,
  MintEncryptedDataResult,
  MintJsCodeInput,
  MintJsCodeResult,
  MintPhoneCodeInput,
  MintPhoneCodeResult,
  MintUserAccessTokenInput,
  MintUserAccessTokenResult,
} from './types';
import { newCode } from '../state/ids';
import { SandboxInputError } from '../state/input-error';
import type { SandboxState } from '../state/sandbox-state';
import { rawUserInfo, userInfoPayload } from '../wechat/user-info';
import { issueUserToken } from '../wechat/user-tokens';

// What a real mini-program or mobile app would obtain on the user's device, made here so tests
// and the demo can drive the server without one.

/** wx.login: a js_code, and the session_key jscode2session will answer for it. */
export function mintJsCode(state: SandboxState, input: MintJsCodeInput): MintJsCodeResult {
  const app = state.wechatApps.get(input.appid);
  const user = state.wechatUsers.get(input.user);
  const openid = state.wechatUsers.openidFor(user, app.appid);
  const sessionKey = input.session_key ?? generateSessionKey();
  const jsCode = newCode();
  state.jsCodes.put(
    jsCode,
    { appid: app.appid, unionid: user.unionid, openid, sessionKey },
    state.config.codeTtlMs,
  );
  // wx.login starts a new session: from now on checksession accepts only this key.
  state.sessionKeys.set(app.appid, openid, sessionKey);
  return { js_code: jsCode, session_key: sessionKey, openid, unionid: user.unionid };
}

/** wx.getUserInfo: the user's profile encrypted with a session key, plus rawData and signature. */
export function mintEncryptedData(
  state: SandboxState,
  input: MintEncryptedDataInput,
): MintEncryptedDataResult {
  const app = state.wechatApps.get(input.appid);
  const user = state.wechatUsers.get(input.user);
  const openid = state.wechatUsers.openidFor(user, app.appid);
  const sessionKey = input.session_key ?? state.sessionKeys.get(app.appid, openid);
  if (sessionKey === undefined) {
    throw new SandboxInputError(
      400,
      'no session_key given and the user has no js_code for this app yet',
    );
  }
  const iv = input.iv ?? generateIv();
  const data = userInfoPayload(user, app.appid, openid, app.openPlatform, input.overrides);
  const rawData = rawUserInfo(user);
  return {
    encrypted_data: encryptData({ sessionKey, iv, data: { ...data } }),
    iv,
    raw_data: rawData,
    signature: rawDataSignature(rawData, sessionKey),
    data,
  };
}

/** A mobile app's user token, as the WeChat SDK login would have produced it. */
export function mintUserAccessToken(
  state: SandboxState,
  input: MintUserAccessTokenInput,
): MintUserAccessTokenResult {
  const app = state.wechatApps.get(input.appid);
  const user = state.wechatUsers.get(input.user);
  const openid = state.wechatUsers.openidFor(user, app.appid);
  const scope = input.scope ?? 'snsapi_userinfo';
  return issueUserToken(
    state,
    { appid: app.appid, unionid: user.unionid, openid, scope },
    app.openPlatform,
  );
}

/** The getPhoneNumber button's code: the user's registered phone, or one given here. */
export function mintPhoneCode(state: SandboxState, input: MintPhoneCodeInput): MintPhoneCodeResult {
  const app = state.wechatApps.get(input.appid);
  const user = input.user === undefined ? undefined : state.wechatUsers.get(input.user);
  const pure = input.phone ?? user?.phone;
  if (pure === undefined) {
    throw new SandboxInputError(400, 'give a phone, or a user who has one');
  }
  const countryCode = input.countryCode ?? user?.countryCode ?? '86';
  // WeChat: phoneNumber carries the country code for numbers outside mainland China only.
  const phoneNumber = countryCode === '86' ? pure : `+${countryCode}${pure}`;
  const phone = {
    phoneNumber,
    purePhoneNumber: pure,
    countryCode: input.numericCountryCode ? Number(countryCode) : countryCode,
  };
  const openid = user === undefined ? undefined : state.wechatUsers.openidFor(user, app.appid);
  const code = newCode();
  state.phoneCodes.put(code, { appid: app.appid, openid, phone }, state.config.codeTtlMs);
  return {
    code,
    phone_info: {
      ...phone,
      watermark: { timestamp: Math.floor(Date.now() / 1000), appid: app.appid },
    },
  };
}
