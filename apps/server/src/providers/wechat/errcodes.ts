/**
 * WeChat's errcodes that this server acts on, named once. Where a code means something for one
 * call only (40029 is a bad js_code for code2session and a bad phone code for getuserphonenumber),
 * the caller decides; the name says what WeChat means by it.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/ lists them per API.
 */
export const WECHAT_ERRCODES = {
  /** -1: system busy; WeChat asks to try again. */
  busy: -1,
  /** 40001: the access_token is invalid (or the secret is wrong when fetching one). */
  invalidCredential: 40001,
  /** 40002: the grant_type is wrong. */
  invalidGrantType: 40002,
  /** 40003: the openid is invalid, or not this app's or this token's. */
  invalidOpenid: 40003,
  /** 40013: the appid is invalid. */
  invalidAppid: 40013,
  /** 40014: the access_token is malformed. */
  invalidAccessToken: 40014,
  /** 40029: the code (js_code, OAuth code, phone code) is invalid. */
  invalidCode: 40029,
  /** 40125: the app secret is invalid. */
  invalidAppSecret: 40125,
  /** 40163: the code was used already. */
  codeUsed: 40163,
  /** 40226: a risky user; WeChat refuses to sign them in. */
  riskyUser: 40226,
  /** 41001: the access_token is missing. */
  missingAccessToken: 41001,
  /** 41002: the appid is missing. */
  missingAppid: 41002,
  /** 41004: the secret is missing. */
  missingAppSecret: 41004,
  /** 41008: the code is missing. */
  missingCode: 41008,
  /** 41009: the openid is missing. */
  missingOpenid: 41009,
  /** 42001: the access_token has expired. */
  accessTokenExpired: 42001,
  /** 42003: the OAuth code has expired. */
  codeExpired: 42003,
  /** 45011: API calls too frequent for this app. */
  rateLimited: 45011,
  /** 48001: the API is not authorised for this app (no unionid scope, say). */
  apiUnauthorized: 48001,
} as const;

const E = WECHAT_ERRCODES;

/** The app's access_token is no good: fetch a new one and call again, once. */
export const TOKEN_REFUSED_ERRCODES: readonly number[] = [
  E.invalidCredential,
  E.invalidAccessToken,
  E.accessTokenExpired,
];

/** About the login code of a web or official-account authorisation: the user starts again. */
export const OAUTH_CODE_ERRCODES: readonly number[] = [
  E.invalidCode,
  E.codeUsed,
  E.missingCode,
  E.codeExpired,
];

/** About this server's own app (appid, secret, grant type): a configuration matter. */
export const APP_CREDENTIAL_ERRCODES: readonly number[] = [
  E.invalidGrantType,
  E.invalidAppid,
  E.invalidAppSecret,
  E.missingAppid,
  E.missingAppSecret,
];

/**
 * /sns/auth and /sns/userinfo refusing a user's token for an openid: unknown or malformed token,
 * expired, another user's or a wrong openid, a missing parameter, a token without the unionid
 * scope. Anything else (busy, rate limited) says nothing about the claim.
 */
export const USER_TOKEN_REFUSED_ERRCODES: readonly number[] = [
  E.invalidCredential,
  E.invalidOpenid,
  E.invalidAccessToken,
  E.missingAccessToken,
  E.missingOpenid,
  E.accessTokenExpired,
  E.apiUnauthorized,
];
