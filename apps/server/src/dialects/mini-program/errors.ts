import { ACCOUNTS_MESSAGES } from '@wechat-bind/dto';
import type { WechatCryptoErrorReason } from '@wechat-bind/wechat-crypto';
import type Joi from 'joi';
import { RequestError } from '../../errors/request-error';
import type { MiniProgramFailure, MiniProgramLimit } from '../../libraries/mini-program';
import { MiniProgramError } from '../../libraries/mini-program';
import type { ProfileFailure } from '../../libraries/profiles';
import { NICKNAME_MAX_LENGTH, ProfileError } from '../../libraries/profiles';
import { retryAfterSeconds } from '../../libraries/retry-after';
import { IdentityMergeError } from '../../libraries/wechat-identity-merge';

/**
 * 400 with every problem found joined into one message (the envelope has room for one), each
 * naming the field as the client sent it (`js_code 不能为空`).
 */
export function invalidInput(details: Joi.ValidationErrorItem[]): RequestError {
  return new RequestError({
    code: 'invalid_input',
    status: 400,
    message: [...new Set(details.map((detail) => detail.message))].join('；'),
  });
}

const HOUR = 3600;

/** "45 秒", "3 分钟", "20 小时": the wait, rounded up, in the unit a person would use. */
function describeWait(seconds: number): string {
  if (seconds <= 60) return `${seconds} 秒`;
  if (seconds <= HOUR) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.ceil(seconds / HOUR)} 小时`;
}

/** Each limit's refusal, with the wait where it is known. */
const limitMessages: Record<MiniProgramLimit, (wait: string) => string> = {
  attempts: (wait) => `尝试次数过多，请 ${wait}后再试`,
  sms_requests: (wait) => `请求验证码过于频繁，请 ${wait}后再试`,
  sms_interval: (wait) => `验证码发送过于频繁，请 ${wait}后再试`,
  sms_daily: (wait) => `该手机号今日获取验证码次数已达上限，请 ${wait}后再试`,
  // The provider says nothing of its own wait; the resend interval is only a suggestion.
  sms_provider: () => '短信发送过于频繁，请稍后再试',
};

/** Why `encrypted_data` did not decrypt, as the user can act on it. */
const decryptDetails: Record<WechatCryptoErrorReason, string> = {
  invalid_session_key: '登录凭证无效，请重新登录',
  invalid_iv: 'iv 不是有效的 base64',
  invalid_encrypted_data: 'encrypted_data 不是有效的 base64 密文',
  bad_padding: '数据已损坏或不属于本次登录',
  invalid_json: '数据已损坏或不属于本次登录',
  watermark_mismatch: '数据不属于该小程序',
};

const failures: Record<
  MiniProgramFailure,
  { status: number; message: string | ((error: MiniProgramError) => string) }
> = {
  unknown_app: { status: 400, message: 'auth_app_id 不是已接入的小程序' },
  authorize_first: { status: 401, message: ACCOUNTS_MESSAGES.authorizeFirst },
  challenge_failed: { status: 403, message: '请先完成安全验证' },
  sign_in_required: { status: 401, message: '请先登录' },
  token_invalid: { status: 401, message: '登录已失效，请重新登录' },
  mobile_already_bound: { status: 400, message: ACCOUNTS_MESSAGES.mobileAlreadyBound },
  identity_already_bound: { status: 400, message: '该微信已绑定其他手机号' },
  verify_code_wrong: { status: 400, message: ACCOUNTS_MESSAGES.verifyCodeWrong },
  verify_code_expired: { status: 400, message: ACCOUNTS_MESSAGES.verifyCodeExpired },
  undecryptable: {
    status: 400,
    message: ({ decryptFailure = 'bad_padding' }) =>
      `encrypted_data 解密失败：${decryptDetails[decryptFailure]}`,
  },
  js_code_invalid: { status: 400, message: 'js_code 无效或已过期，请重新登录' },
  js_code_used: { status: 400, message: 'js_code 已被使用，请重新登录' },
  risky_user: { status: 403, message: '该微信账号存在安全风险，暂时无法登录' },
  phone_code_invalid: { status: 400, message: 'phone_code 无效或已过期，请重新获取手机号' },
  phone_not_mainland: { status: 400, message: '仅支持中国大陆手机号' },
  // WeChat gives no wait: the user can try again shortly, and no Retry-After is promised.
  wechat_rate_limited: { status: 429, message: '微信登录过于频繁，请稍后再试' },
  wechat_unavailable: { status: 502, message: '微信服务暂时不可用，请稍后重试' },
  sms_unavailable: { status: 502, message: '短信发送失败，请稍后重试' },
  // The same rounding as the Retry-After header the error handler sets, so both say one number.
  too_many_requests: {
    status: 429,
    message: ({ limit = 'sms_provider', retryAfterMs = 0 }) =>
      limitMessages[limit](describeWait(retryAfterSeconds(retryAfterMs))),
  },
};

/** The profile library's refusals (PUT /accounts/me, POST /accounts/me/avatar). */
const profileFailures: Record<ProfileFailure, { status: number; message: string }> = {
  nickname_empty: { status: 400, message: '昵称不能为空' },
  nickname_too_long: { status: 400, message: `昵称不能超过 ${NICKNAME_MAX_LENGTH} 个字符` },
  nickname_forbidden_characters: {
    status: 400,
    message: '昵称不能包含换行、控制字符或不可见字符',
  },
  avatar_unsupported_type: { status: 415, message: '头像仅支持 JPEG、PNG 或 WebP 图片' },
  user_gone: { status: 401, message: '登录已失效，请重新登录' },
  avatar_storage_unavailable: { status: 503, message: '头像存储暂时不可用，请稍后重试' },
};

/**
 * The WeChat identity is bound, in this mini-program and elsewhere, to two users who both hold
 * data. 400, as the contract answers every refusal (a bound mobile included); the message says
 * that only support can decide which account to keep.
 */
const IDENTITY_SPLIT_MESSAGE = '该微信已分别绑定两个不同的账号，无法自动合并，请联系客服';

/**
 * The mini-program, profile and identity-merge libraries' refusals in api-docs/05's language (the renderer puts `message` in
 * `status.message`). The messages clients match on come from @wechat-bind/dto so the server and
 * its clients cannot drift apart. A 429 from a limit says how long to wait in its message and in
 * `Retry-After`; 5xx are logged with the cause (an UpstreamError carries no secrets).
 */
export function miniProgramRequestError(error: unknown): RequestError | undefined {
  if (error instanceof ProfileError) {
    const { status, message } = profileFailures[error.reason];
    return new RequestError({ code: error.reason, status, message, cause: error.cause });
  }
  if (error instanceof IdentityMergeError) {
    return new RequestError({
      code: error.failure,
      status: 400,
      message: IDENTITY_SPLIT_MESSAGE,
      cause: error,
    });
  }
  if (!(error instanceof MiniProgramError)) return undefined;
  const { status, message } = failures[error.reason];
  return new RequestError({
    code: error.reason,
    status,
    message: typeof message === 'string' ? message : message(error),
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
  });
}
