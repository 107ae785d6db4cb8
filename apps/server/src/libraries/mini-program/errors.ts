import { ACCOUNTS_MESSAGES } from '@wechat-bind/dto';
import { RequestError } from '../../errors/request-error';

const fail = (code: string, status: number, message: string, cause?: unknown) =>
  new RequestError({ code, status, message, cause });

/**
 * Every refusal of the mini-program flow, worded in the language of api-docs/05 (the accounts
 * renderer puts `message` in `status.message`). The messages clients match on come from
 * @wechat-bind/dto so the server and its clients cannot drift apart.
 */
export const miniProgramErrors = {
  invalidInput: (message: string) => fail('invalid_input', 400, message),
  unknownApp: () => fail('unknown_app', 400, 'auth_app_id 不是已接入的小程序'),

  /** No proof of a live wxa_authorize session for this appId + openid (its session_token). */
  authorizeFirst: () => fail('authorize_first', 401, ACCOUNTS_MESSAGES.authorizeFirst),
  /** An operator's SMS challenge (sms-challenge.ts) was not passed. */
  challengeFailed: () => fail('challenge_failed', 403, '请先完成安全验证'),
  /** GET /accounts/me without a bearer token. */
  signInRequired: () => fail('sign_in_required', 401, '请先登录'),
  /**
   * A bearer token that is malformed, forged, expired, whose user is gone, or that was issued
   * under an earlier binding of its WeChat identity.
   */
  tokenInvalid: () => fail('token_invalid', 401, '登录已失效，请重新登录'),

  mobileAlreadyBound: () => fail('mobile_already_bound', 400, ACCOUNTS_MESSAGES.mobileAlreadyBound),
  /** This WeChat identity already signs in with another mobile: binding is not a way to move it. */
  identityBoundElsewhere: () => fail('identity_already_bound', 400, '该微信已绑定其他手机号'),
  verifyCodeWrong: () => fail('verify_code_wrong', 400, ACCOUNTS_MESSAGES.verifyCodeWrong),
  verifyCodeExpired: () => fail('verify_code_expired', 400, ACCOUNTS_MESSAGES.verifyCodeExpired),

  undecryptable: (detail: string, cause?: unknown) =>
    fail('undecryptable', 400, `encrypted_data 解密失败：${detail}`, cause),
  jsCodeInvalid: (cause?: unknown) =>
    fail('js_code_invalid', 400, 'js_code 无效或已过期，请重新登录', cause),
  jsCodeUsed: (cause?: unknown) => fail('js_code_used', 400, 'js_code 已被使用，请重新登录', cause),
  riskyUser: (cause?: unknown) =>
    fail('risky_user', 403, '该微信账号存在安全风险，暂时无法登录', cause),
  phoneCodeInvalid: (cause?: unknown) =>
    fail('phone_code_invalid', 400, 'phone_code 无效或已过期，请重新获取手机号', cause),
  phoneNotMainland: () => fail('phone_not_mainland', 400, '仅支持中国大陆手机号'),

  /** WeChat answered 45011: the app is calling too fast; the user can try again shortly. */
  wechatRateLimited: (cause?: unknown) =>
    fail('wechat_rate_limited', 429, '微信登录过于频繁，请稍后再试', cause),
  wechatUnavailable: (cause?: unknown) =>
    fail('wechat_unavailable', 502, '微信服务暂时不可用，请稍后重试', cause),
  smsUnavailable: (cause?: unknown) =>
    fail('sms_unavailable', 502, '短信发送失败，请稍后重试', cause),

  /** A send or check limit: `retryAfterSeconds` also goes out as the Retry-After header. */
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    new RequestError({
      code: 'too_many_requests',
      status: 429,
      message,
      details: { retryAfterSeconds },
    }),
};
