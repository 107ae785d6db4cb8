import type {
  AccountsMeData,
  AccountsSuccess,
  SendVerifyCodeData,
  SendVerifyCodeRequest,
  WxaAuthorizeData,
  WxaAuthorizeRequest,
  WxaBindMobileRequest,
  WxaSessionData,
} from '@wechat-bind/dto';
import { ACCOUNTS_OK_MESSAGE } from '@wechat-bind/dto';
import Joi from 'joi';

/**
 * joi's messages in the document's language, each naming the field as the client sent it
 * (`js_code 不能为空`).
 */
const accountsMessages: Joi.ValidationOptions = {
  errors: { wrap: { label: false } },
  messages: {
    'any.required': '{{#label}} 不能为空',
    'string.empty': '{{#label}} 不能为空',
    'string.base': '{{#label}} 必须是字符串',
    'string.max': '{{#label}} 不能超过 {{#limit}} 个字符',
    'string.pattern.base': '{{#label}} 格式不正确',
    'string.pattern.name': '{{#label}} 格式不正确',
    'any.unknown': '{{#label}} 不能与 phone_code 同时提供',
    'object.base': '请求数据必须是 JSON 对象',
  },
};

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
 * A body whose session_token may be missing or empty: that is the library's `authorize_first`
 * (401 `请先授权登录`), like a wrong one, not a validation error, so every failed proof looks the
 * same and counts against the address the same way.
 */
type Unproven<T> = T extends unknown
  ? Omit<T, 'session_token'> & { session_token?: string }
  : never;

export type SendVerifyCodeBody = Unproven<SendVerifyCodeRequest>;
export type WxaBindMobileBody = Unproven<WxaBindMobileRequest>;

/** The caller's identity and its proof. */
const appAndOpenid = {
  auth_app_id: text(64).required(),
  openid: text(128).required(),
  session_token: text(256).allow(''),
};

export const wxaAuthorizeBody = Joi.object<WxaAuthorizeRequest>({
  js_code: text(128).required(),
  encrypted_data: text(16_384).required(),
  iv: text(64).required(),
  auth_app_id: text(64).required(),
})
  .unknown(true)
  .prefs(accountsMessages);

export const sendVerifyCodeBody = Joi.object<SendVerifyCodeBody>({
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

export const wxaBindMobileBody = Joi.object<WxaBindMobileBody>({
  ...appAndOpenid,
  mobile: unlessPhoneCode(mainlandMobile),
  verify_code: unlessPhoneCode(sixDigits),
  phone_code: text(256),
})
  .unknown(true)
  .prefs(accountsMessages);

// Replies: 05's success envelope around each endpoint's `data`, exactly as sent.

const ok = <T>(data: Joi.Schema<T>) =>
  Joi.object<AccountsSuccess<T>>({
    data: data.required(),
    status: Joi.object({
      code: Joi.valid(200).required(),
      message: Joi.valid(ACCOUNTS_OK_MESSAGE).required(),
    }).required(),
    success: Joi.valid(true).required(),
  });

const profileText = Joi.string().allow('').required();
const seconds = Joi.number().integer().min(0).required();

/** The user fields of a signed-in session (WxaSessionData without the token). */
const userFields = {
  avatar: profileText,
  created_at: seconds,
  expiration: seconds,
  mobile: profileText,
  openid: Joi.string().required(),
  uid: Joi.string().required(),
  username: profileText,
};

/** A bound identity carries the session fields, an unbound one none of them. */
const whenBound = (schema: Joi.Schema) =>
  schema.when('bound', { is: true, then: Joi.required(), otherwise: Joi.forbidden() });

const wxaAuthorizeData = Joi.object<WxaAuthorizeData>({
  openid: Joi.string().required(),
  unionid: Joi.string().allow(null).required(),
  nickname: profileText,
  avatar: profileText,
  gender: Joi.valid(0, 1, 2).required(),
  session_token: Joi.string().required(),
  bound: Joi.boolean().required(),
  is_bind: Joi.valid(Joi.ref('bound')).required(),
  created_at: whenBound(Joi.number().integer().min(0)),
  expiration: whenBound(Joi.number().integer().min(0)),
  mobile: whenBound(Joi.string().allow('')),
  token: whenBound(Joi.string()),
  uid: whenBound(Joi.string()),
  username: whenBound(Joi.string().allow('')),
});

export const wxaAuthorizeReply = ok(wxaAuthorizeData);

export const sendVerifyCodeReply = ok(
  Joi.object<SendVerifyCodeData>({ expires_in: seconds, resend_after: seconds }),
);

export const wxaBindMobileReply = ok(
  Joi.object<WxaSessionData>({ ...userFields, token: Joi.string().required() }),
);

export const meReply = ok(Joi.object<AccountsMeData>(userFields));

/** PUT /accounts/me: the user's own name (its content rules are libraries/profiles/nickname.ts). */
export interface UpdateMeBody {
  nickname: string;
}

export const updateMeBody = Joi.object<UpdateMeBody>({ nickname: Joi.string().required() })
  .unknown(true)
  .prefs(accountsMessages);

export const updateMeReply = meReply;

/** POST /accounts/me/avatar: where the new avatar is served. */
export interface AvatarUploadData {
  avatar_url: string;
}

export const avatarUploadReply = ok(
  Joi.object<AvatarUploadData>({
    avatar_url: Joi.string()
      .uri({ scheme: ['http', 'https'] })
      .required(),
  }),
);

/** GET /accounts/avatars/:id: `<sha256 of the bytes>.<jpg|png|webp>`. */
export const avatarParams = Joi.object<{ id: string }>({
  id: Joi.string()
    .pattern(/^[0-9a-f]{64}\.(jpg|png|webp)$/, 'avatar id')
    .required(),
}).prefs(accountsMessages);
