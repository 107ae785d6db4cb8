/**
 * The mini-program dialect: `api-docs/05-wxa-miniprogram.rst` ("小程序模块"), plus the endpoints
 * the server adds to make its flow usable: `POST /accounts/send_verify_code`,
 * `GET /accounts/me` and the `phone_code` form of `POST /accounts/wxa_bind_mobile`.
 *
 * Field names are the document's snake_case. Every reply, success or failure, is wrapped in
 * {@link AccountsEnvelope}, and the HTTP status equals `status.code`.
 */
import type { RouteSpec } from './routes';

// ---------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------

/** The fixed `status.message` of every successful reply (05, "请求正确返回结果"). */
export const ACCOUNTS_OK_MESSAGE = 'Ok all right.';

/** A successful reply (05): `{ data, status: { code: 200, message: 'Ok all right.' }, success: true }`. */
export interface AccountsSuccess<T> {
  data: T;
  status: { code: 200; message: typeof ACCOUNTS_OK_MESSAGE };
  success: true;
}

/**
 * A failed reply (05, "请求失败返回结果"): `{ status: { code, message }, success: false }`, with no
 * `data`. `code` equals the HTTP status (400, 401, 404, 429, 502, ...).
 *
 * Server decision: `message` is in the document's language (Chinese) and names the field for
 * validation errors (`js_code 不能为空`). A 429 from `send_verify_code` says how long to wait in
 * `message` and in the `Retry-After` header (seconds); the envelope itself has no extra fields.
 */
export interface AccountsFailure {
  status: { code: number; message: string };
  success: false;
}

/** Every body the `/accounts/*` endpoints send: {@link AccountsSuccess} or {@link AccountsFailure}. */
export type AccountsEnvelope<T> = AccountsSuccess<T> | AccountsFailure;

/**
 * Messages the server sends in {@link AccountsFailure}`.status.message` that clients match on.
 * `mobileAlreadyBound` is the document's own example; the others are the server's.
 */
export const ACCOUNTS_MESSAGES = {
  ok: ACCOUNTS_OK_MESSAGE,
  /** 400: the mobile already belongs to another WeChat identity (05's failure example). */
  mobileAlreadyBound: '该手机号已绑定',
  /**
   * 401: no proof of a live `wxa_authorize` session for this openid: the `session_token` is
   * missing, wrong, expired, or belongs to another openid or app.
   */
  authorizeFirst: '请先授权登录',
  /** 400: the verification code does not match (attempts remain). */
  verifyCodeWrong: '验证码错误',
  /** 400: the verification code is used, expired, or burnt by too many wrong tries. */
  verifyCodeExpired: '验证码已失效',
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a parsed JSON body has the shape of an {@link AccountsEnvelope}: a boolean `success`, a
 * `status` with a numeric `code` and a string `message`, and on success `data` with code 200.
 * Use it on a reply before trusting it; `data` itself is not checked.
 */
export function isAccountsEnvelope(value: unknown): value is AccountsEnvelope<unknown> {
  if (!isRecord(value) || !isRecord(value.status)) return false;
  const { code, message } = value.status;
  if (typeof code !== 'number' || typeof message !== 'string') return false;
  if (value.success === true) return code === 200 && 'data' in value;
  return value.success === false;
}

/** Narrows an {@link AccountsEnvelope} to its success branch (`success === true`). */
export function isAccountsSuccess<T>(
  envelope: AccountsEnvelope<T>,
): envelope is AccountsSuccess<T> {
  return envelope.success === true;
}

// ---------------------------------------------------------------------------------------------
// POST /accounts/wxa_authorize (05, "微信用户授权")
// ---------------------------------------------------------------------------------------------

/**
 * `POST /accounts/wxa_authorize` body (05): all four fields required strings.
 *
 * - `js_code`: the code from `wx.login()` (the document's description "店铺编号" is a copy slip).
 * - `encrypted_data`, `iv`: from `wx.getUserProfile()` / `wx.getUserInfo()`, standard base64.
 * - `auth_app_id`: the mini-program's appid; must be one the server is configured for.
 */
export interface WxaAuthorizeRequest {
  js_code: string;
  encrypted_data: string;
  iv: string;
  auth_app_id: string;
}

/**
 * WeChat's own gender code from the decrypted user info: `0` unknown, `1` male, `2` female.
 *
 * Server decision (05 does not show the reply): passed through as WeChat sends it, so the
 * mini-program sees the same values as `wx.getUserProfile()`. WeChat now sends `0` for everyone.
 */
export type WxaGender = 0 | 1 | 2;

/** The WeChat identity part of every `wxa_authorize` reply. */
export interface WxaIdentity {
  /** The openid within `auth_app_id`, from `code2session` (never from the decrypted data). */
  openid: string;
  /** The unionid from `code2session`, or `null` when the mini-program has no open platform. */
  unionid: string | null;
  /** From the decrypted user info (`nickName`). */
  nickname: string;
  /** From the decrypted user info (`avatarUrl`); may be `''` when WeChat sends none. */
  avatar: string;
  gender: WxaGender;
}

/**
 * What every `wxa_authorize` reply carries besides the identity, bound or not.
 *
 * - `session_token`: random and single-purpose, the proof that this client holds the WeChat
 *   identity it just signed in with. `send_verify_code` and `wxa_bind_mobile` require it. It lives
 *   as long as the sign-in session (`WXA_SESSION_TTL`, 30 minutes), is replaced by the next
 *   `wxa_authorize` of the same openid, and ends with a successful bind. Keep it in memory only.
 * - `is_bind`: the legacy name of `bound`, with the same value, for clients written against the
 *   original server.
 */
export interface WxaSignInStart extends WxaIdentity {
  session_token: string;
  is_bind: boolean;
}

/** `wxa_authorize` for an identity that has no user with a mobile yet: bind one next. */
export interface WxaAuthorizeUnbound extends WxaSignInStart {
  bound: false;
  is_bind: false;
}

/**
 * `wxa_authorize` for a returning user: the identity plus every field of {@link WxaSessionData},
 * so the user is signed in with one call. `openid` and `avatar` appear once; `avatar` is the
 * user's avatar, as in {@link WxaSessionData}.
 */
export interface WxaAuthorizeBound
  extends WxaSignInStart, Omit<WxaSessionData, 'openid' | 'avatar'> {
  bound: true;
  is_bind: true;
}

/**
 * `data` of a successful `POST /accounts/wxa_authorize`.
 *
 * Server decision (05 shows no reply for this endpoint): `bound` is true when this identity already
 * belongs to a user with a mobile, and only then are the session fields present. Narrow on `bound`.
 */
export type WxaAuthorizeData = WxaAuthorizeUnbound | WxaAuthorizeBound;

// ---------------------------------------------------------------------------------------------
// POST /accounts/send_verify_code (added by the server)
// ---------------------------------------------------------------------------------------------

/**
 * `POST /accounts/send_verify_code` body. Not in 05, which needs a `verify_code` without saying
 * where it comes from; the server adds this endpoint.
 *
 * `mobile` is a mainland number (`^1[3-9]\d{9}$`); `session_token` is the one `wxa_authorize`
 * returned for this `openid` and `auth_app_id` (401 `请先授权登录` otherwise). Sending is rate
 * limited (429, see {@link AccountsFailure}).
 */
export interface SendVerifyCodeRequest {
  auth_app_id: string;
  openid: string;
  mobile: string;
  session_token: string;
  /**
   * Optional: the answer to a challenge (a CAPTCHA answer) for servers whose operator installed
   * one. The default server ignores it.
   */
  challenge?: string;
}

/**
 * `data` of a successful `send_verify_code`. The code itself is never in a reply.
 *
 * Server decision: the client learns how long the code lives and when it may ask again, so it can
 * run a countdown on its "send" button without guessing the server's limits.
 */
export interface SendVerifyCodeData {
  /** Seconds the code stays valid (300 by default). */
  expires_in: number;
  /** Seconds until the same mobile may be sent another code (60 by default). */
  resend_after: number;
}

// ---------------------------------------------------------------------------------------------
// POST /accounts/wxa_bind_mobile (05, "绑定手机号")
// ---------------------------------------------------------------------------------------------

/** The document's form (05): the mobile and the code sent by `send_verify_code`. */
export interface WxaBindMobileWithVerifyCode {
  auth_app_id: string;
  openid: string;
  session_token: string;
  mobile: string;
  verify_code: string;
  phone_code?: never;
}

/**
 * The current WeChat phone flow, added by the server: the `code` from a
 * `<button open-type="getPhoneNumber">` instead of `mobile` + `verify_code`. The server resolves it
 * with `wxa/business/getuserphonenumber`.
 */
export interface WxaBindMobileWithPhoneCode {
  auth_app_id: string;
  openid: string;
  session_token: string;
  phone_code: string;
  mobile?: never;
  verify_code?: never;
}

/**
 * `POST /accounts/wxa_bind_mobile` body: exactly one of the two forms. `session_token` must be the
 * one `wxa_authorize` returned for this `openid`, else 401 `请先授权登录`. A successful bind ends
 * that session: the token is spent.
 */
export type WxaBindMobileRequest = WxaBindMobileWithVerifyCode | WxaBindMobileWithPhoneCode;

/**
 * A signed-in mini-program session: `data` of `wxa_bind_mobile` (05's success example, field for
 * field) and the session part of a bound `wxa_authorize`.
 */
export interface WxaSessionData {
  /** The user's avatar URL. */
  avatar: string;
  /** When `token` was issued, in Unix seconds (the JWT's `iat`, as in 05's example). */
  created_at: number;
  /** How long `token` lives, in seconds from `created_at` (default 2592000, i.e. 30 days). */
  expiration: number;
  /** The user's bound mobile. */
  mobile: string;
  /** The openid (within `auth_app_id`) this session was made for. */
  openid: string;
  /** A JWT (HS256, `sub` = `uid`): send it as `Authorization: Bearer <token>` on later calls. */
  token: string;
  /** The user's id, as a string. */
  uid: string;
  /** The user's display name. */
  username: string;
}

// ---------------------------------------------------------------------------------------------
// GET /accounts/me (added by the server)
// ---------------------------------------------------------------------------------------------

/**
 * `data` of `GET /accounts/me` (`Authorization: Bearer <token>`), added so a client can check its
 * token: the same user fields as {@link WxaSessionData}, without the token itself.
 *
 * Server decision: `created_at` and `expiration` describe the token that was presented, so
 * `created_at + expiration` is when it stops working; `openid` is the one it was issued for.
 * An invalid or expired token is a 401 {@link AccountsFailure}.
 */
export type AccountsMeData = Omit<WxaSessionData, 'token'>;

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

/** Method and path of every `/accounts/*` endpoint. */
export const ACCOUNTS_ROUTES = {
  wxaAuthorize: { method: 'POST', path: '/accounts/wxa_authorize' },
  sendVerifyCode: { method: 'POST', path: '/accounts/send_verify_code' },
  wxaBindMobile: { method: 'POST', path: '/accounts/wxa_bind_mobile' },
  me: { method: 'GET', path: '/accounts/me' },
} as const satisfies Record<keyof AccountsEndpoints, RouteSpec>;

/**
 * Request body and success `data` per endpoint, keyed like {@link ACCOUNTS_ROUTES}, for writing a
 * typed client: the reply is `AccountsEnvelope<AccountsEndpoints[K]['data']>`.
 */
export interface AccountsEndpoints {
  wxaAuthorize: { request: WxaAuthorizeRequest; data: WxaAuthorizeData };
  sendVerifyCode: { request: SendVerifyCodeRequest; data: SendVerifyCodeData };
  wxaBindMobile: { request: WxaBindMobileRequest; data: WxaSessionData };
  me: { request: undefined; data: AccountsMeData };
}
