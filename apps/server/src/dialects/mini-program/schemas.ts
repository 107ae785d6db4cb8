import Joi from 'joi';
import { accountsMessages } from './guard';

/**
 * Request bodies of /accounts/*. Every field is a string (a number is refused rather than guessed
 * at: a code sent as a number has lost its leading zeros). Fields the schemas do not name are
 * ignored, so a client that sends more of what WeChat gave it (raw_data, signature) still works.
 * Lengths are generous upper bounds on what WeChat issues.
 */
const text = (max: number) => Joi.string().max(max);
const mainlandMobile = Joi.string()
  .trim()
  .pattern(/^1[3-9]\d{9}$/);
const sixDigits = Joi.string()
  .trim()
  .pattern(/^\d{6}$/);

/**
 * The caller's identity and its proof. session_token is optional here on purpose: a missing or
 * empty one is the library's 401 `请先授权登录`, like a wrong one, not a validation error, so every
 * failed proof looks the same and counts against the address the same way.
 */
const appAndOpenid = {
  auth_app_id: text(64).required(),
  openid: text(128).required(),
  session_token: text(256).allow(''),
};

export const wxaAuthorizeBody = Joi.object({
  js_code: text(128).required(),
  encrypted_data: text(16_384).required(),
  iv: text(64).required(),
  auth_app_id: text(64).required(),
})
  .unknown(true)
  .prefs(accountsMessages);

export const sendVerifyCodeBody = Joi.object({
  ...appAndOpenid,
  mobile: mainlandMobile.required(),
  /** For an operator's challenge hook (a CAPTCHA answer); ignored without one. */
  challenge: text(4096),
})
  .unknown(true)
  .prefs(accountsMessages);

/** The document's form (mobile + verify_code) or the getPhoneNumber form (phone_code): one of them. */
const unlessPhoneCode = (schema: Joi.StringSchema) =>
  schema.when('phone_code', { is: Joi.exist(), then: Joi.forbidden(), otherwise: Joi.required() });

export const wxaBindMobileBody = Joi.object({
  ...appAndOpenid,
  mobile: unlessPhoneCode(mainlandMobile),
  verify_code: unlessPhoneCode(sixDigits),
  phone_code: text(256),
})
  .unknown(true)
  .prefs(accountsMessages);

export interface WxaAuthorizeBody {
  js_code: string;
  encrypted_data: string;
  iv: string;
  auth_app_id: string;
}

export interface SendVerifyCodeBody {
  auth_app_id: string;
  openid: string;
  session_token?: string;
  mobile: string;
  challenge?: string;
}

export type WxaBindMobileBody = { auth_app_id: string; openid: string; session_token?: string } & (
  | { mobile: string; verify_code: string; phone_code?: undefined }
  | { phone_code: string; mobile?: undefined; verify_code?: undefined }
);
