/**
 * Shapes of the control API (`/__control/*`), shared by its routes and by createSandboxControl.
 * Values the mini-program or a browser would hand to the server keep WeChat's own names
 * (js_code, session_key, encrypted_data, iv, code) so a demo can pass them on unchanged; the
 * sandbox's own knobs are camelCase.
 */
import type { SandboxConfig } from '../config';
import type { Endpoint } from '../endpoints';

// ---- apps ------------------------------------------------------------------------------------

export interface WechatAppInput {
  appid: string;
  /** Generated when omitted; the reply carries it. */
  secret?: string;
  name?: string;
  /**
   * Whether the app is bound to a WeChat Open Platform account. Only then does WeChat return a
   * unionid from jscode2session and oauth2/access_token. Default true.
   */
  openPlatform?: boolean;
}

export interface WechatApp {
  appid: string;
  secret: string;
  name: string;
  openPlatform: boolean;
}

export interface DingtalkAppInput {
  clientId: string;
  clientSecret?: string;
  corpId?: string;
  /**
   * Whether the app holds DingTalk's Contact.User.Read permission. Without it
   * /v1.0/contact/users/me answers 403 Forbidden.AccessDenied.AccessTokenPermissionDenied.
   * Default true.
   */
  contactUserRead?: boolean;
}

export interface DingtalkApp {
  clientId: string;
  clientSecret: string;
  corpId: string;
  contactUserRead: boolean;
}

/** A WeCom (企业微信) self-built app: an agent of a corp, with the agent's secret. */
export interface WecomAppInput {
  corpId: string;
  agentId: string;
  /** Generated when omitted; the reply carries it. */
  secret?: string;
  name?: string;
}

export interface WecomApp {
  corpId: string;
  agentId: string;
  secret: string;
  name: string;
}

// ---- users -----------------------------------------------------------------------------------

/** WeChat's own encoding: 0 unknown, 1 male, 2 female. */
export type WechatGender = 0 | 1 | 2;

export interface WechatUserInput {
  unionid?: string;
  /** Without country code, e.g. "13800138000". */
  phone?: string;
  /** Default "86". */
  countryCode?: string;
  nickname: string;
  avatar: string;
  gender?: WechatGender;
  city?: string;
  province?: string;
  country?: string;
  language?: string;
  /** openid per appid. Any app not listed gets a generated openid the first time it meets the user. */
  openids?: Record<string, string>;
  /** jscode2session answers 40226 (risky user, login blocked) for this user. */
  risky?: boolean;
}

export interface WechatUser {
  unionid: string;
  phone?: string;
  countryCode: string;
  nickname: string;
  avatar: string;
  gender: WechatGender;
  city: string;
  province: string;
  country: string;
  language: string;
  openids: Record<string, string>;
  risky: boolean;
}

export interface DingtalkUserInput {
  unionId?: string;
  openId?: string;
  nick: string;
  avatarUrl?: string;
  mobile?: string;
  /** Default "86". */
  stateCode?: string;
  email?: string;
  /**
   * The organisation the user signs in as, which userAccessToken reports as `corpId`. Default:
   * the app's corpId (a member of the app's own organisation).
   */
  corpId?: string;
}

export interface DingtalkUser {
  unionId: string;
  openId: string;
  nick: string;
  avatarUrl: string;
  mobile?: string;
  stateCode: string;
  email?: string;
  corpId?: string;
}

/** A person in a WeCom corp: `userId` is their account in that corp (成员 UserID). */
export interface WecomUserInput {
  corpId: string;
  userId?: string;
  name: string;
  avatar?: string;
  /**
   * Whether the person is a member of the corp. A non-member who signs in (an outside contact)
   * gets an openid from /cgi-bin/auth/getuserinfo instead of a userid. Default true.
   */
  member?: boolean;
}

export interface WecomUser {
  corpId: string;
  userId: string;
  /** Set for non-members: what getuserinfo answers instead of a userid. */
  openId: string;
  name: string;
  avatar: string;
  member: boolean;
}

// ---- minting ---------------------------------------------------------------------------------

/** `user` is a unionid or any of the user's openids (DingTalk: unionId or openId). */
export interface MintJsCodeInput {
  appid: string;
  user: string;
  /** Reuse a session key instead of starting a new one (wx.login may keep the old one). */
  session_key?: string;
}

export interface MintJsCodeResult {
  js_code: string;
  /** What jscode2session will answer for this code. */
  session_key: string;
  openid: string;
  unionid: string;
}

/** The plaintext of wx.getUserInfo's encryptedData. */
export interface UserInfoPayload {
  openId: string;
  nickName: string;
  gender: number;
  language: string;
  city: string;
  province: string;
  country: string;
  avatarUrl: string;
  unionId?: string;
  watermark: { appid: string; timestamp: number };
}

export type UserInfoOverrides = Partial<Omit<UserInfoPayload, 'watermark'>> & {
  watermark?: Partial<UserInfoPayload['watermark']>;
};

export interface MintEncryptedDataInput {
  appid: string;
  user: string;
  /** Default: the session key of the user's latest js_code for this app. */
  session_key?: string;
  /** Default: a fresh random iv. */
  iv?: string;
  /** Fields to change in the payload before encryption, e.g. `{ watermark: { appid: 'wx…' } }`. */
  overrides?: UserInfoOverrides;
}

export interface MintEncryptedDataResult {
  encrypted_data: string;
  iv: string;
  /** wx.getUserInfo's rawData and its signature, sha1(rawData + session_key). */
  raw_data: string;
  signature: string;
  /** The plaintext that was encrypted, for assertions. */
  data: UserInfoPayload;
}

export interface MintOauthCodeInput {
  appid: string;
  user: string;
  /** Default "snsapi_login" (website login); "snsapi_userinfo" for mobile apps. */
  scope?: string;
}

export interface MintOauthCodeResult {
  code: string;
  openid: string;
  unionid: string;
  scope: string;
}

export interface MintUserAccessTokenInput {
  appid: string;
  user: string;
  /** Default "snsapi_userinfo", as a mobile app's token has. */
  scope?: string;
}

/** Exactly what /sns/oauth2/access_token would have answered. */
export interface MintUserAccessTokenResult {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  /** Only for apps bound to an Open Platform account. */
  unionid?: string;
}

export interface MintPhoneCodeInput {
  appid: string;
  /**
   * Whose registered phone the code yields; or give `phone` directly. A code minted for a user
   * belongs to that user's openid in the app: getuserphonenumber sent another openid answers 40029.
   */
  user?: string;
  phone?: string;
  countryCode?: string;
  /** Answer `countryCode` as a JSON number (`86`), as WeChat's own example does. */
  numericCountryCode?: boolean;
}

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  /** Text (`"86"`), or a number when the code was minted with `numericCountryCode`. */
  countryCode: string | number;
  watermark: { timestamp: number; appid: string };
}

export interface MintPhoneCodeResult {
  code: string;
  phone_info: PhoneInfo;
}

export interface MintDingtalkAuthCodeInput {
  clientId: string;
  user: string;
}

export interface MintDingtalkAuthCodeResult {
  authCode: string;
  unionId: string;
  openId: string;
}

export interface MintWecomCodeInput {
  corpId: string;
  agentId: string;
  /** The user's userId (or openId) in that corp. */
  user: string;
}

export interface MintWecomCodeResult {
  code: string;
  userId: string;
}

// ---- faults, counters, config ------------------------------------------------------------------

/** What a faulty call answers instead of the real reply. */
export type FaultReply =
  /** WeChat style: HTTP 200 `{ errcode, errmsg }`. WeChat endpoints only. */
  | { kind: 'errcode'; errcode: number; errmsg?: string }
  /** DingTalk style: `{ code, message, requestid }` with an HTTP error status (default 400). */
  | { kind: 'dingtalk-error'; status?: number; code: string; message?: string }
  /** A bare HTTP error such as a 502 from a proxy, with a non-JSON body. */
  | { kind: 'http-status'; status: number; body?: string }
  /** HTTP 200 with an HTML body, as a captive portal or broken proxy gives. */
  | { kind: 'garbage' }
  /** Only the delay (see `delayMs`), then the normal reply. */
  | { kind: 'delay' }
  /**
   * A cloud SMS refusal in its provider's shape, with the provider's error code (Tencent:
   * `LimitExceeded.PhoneNumberThirtySecondLimit`, Alibaba Cloud: `isv.BUSINESS_LIMIT_CONTROL`).
   * SMS endpoints only; `status` is Alibaba Cloud's HTTP status (Tencent always answers 200).
   */
  | { kind: 'sms-error'; code: string; message?: string; status?: number };

export type FaultInput = FaultReply & {
  endpoint: Endpoint;
  /** How many of the next calls to this endpoint get the fault. Default 1. */
  times?: number;
  /** Wait this long before answering. */
  delayMs?: number;
};

export type Fault = FaultInput & { id: string; remaining: number };

export interface CallCounts {
  /** Every endpoint, including those never called (0), so tests can compare whole objects. */
  calls: Record<Endpoint, number>;
  total: number;
}

export type ConfigInput = Partial<SandboxConfig>;
export type { SandboxConfig };
