import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import type Joi from 'joi';
import { RequestError, httpErrors } from '../../errors/request-error';
import type { OAuthBindingFailure } from '../../libraries/oauth-binding';
import { OAuthBindingError, typeLabel } from '../../libraries/oauth-binding';
import { IdentityMergeError } from '../../libraries/wechat-identity-merge';
import type { WebSessionFailure } from '../../libraries/web-sessions';
import { WebSessionError } from '../../libraries/web-sessions';
import type { InvalidInputHandler } from '../../middleware/koa-guard';
import { fieldMessages } from './validation-messages';

/** The errors of this dialect that the documents spell out (02, 03). */

/** `401 { code: 401, msg: "请求未认证" }`. */
export const unauthenticated = () =>
  new RequestError({
    code: 'unauthenticated',
    status: 401,
    message: ADMINISTRATOR_MESSAGES.unauthenticated,
  });

/**
 * `403 { code: 403, msg: "请求来源校验失败" }`: a change made with the session cookie that did not
 * come from the page (another origin, no CSRF token, a wrong one). Nothing about the session is
 * said: it is the same reply whichever part was wrong.
 */
export const forbiddenOrigin = () =>
  new RequestError({ code: 'csrf_failed', status: 403, message: '请求来源校验失败' });

/** `403 { code: 403, data: { field: [messages] }, msg: "请求数据验证失败!" }`. */
export const invalidInput = (fields: Record<string, string[]>) =>
  new RequestError({
    code: 'invalid_input',
    status: 403,
    message: ADMINISTRATOR_MESSAGES.validationFailed,
    details: { data: fields },
  });

/**
 * How a route with `body` as its body schema words bad input. A path parameter outside its schema
 * means no such resource: 404. A body that is not an object at all (a JSON array, a number) is
 * judged as an empty one, so the client hears which fields are missing rather than a message
 * about the body's type.
 */
export function onInvalidInput(body?: Joi.ObjectSchema): InvalidInputHandler {
  return (details, source) => {
    if (source === 'params') return httpErrors.notFound();
    const rootFailed = details.some((detail) => detail.path.length === 0);
    if (rootFailed && body) {
      const { error } = body.validate({}, { abortEarly: false });
      return invalidInput(fieldMessages(error?.details ?? []));
    }
    return invalidInput(fieldMessages(details));
  };
}

interface Rendered {
  status: number;
  message: (label: string) => string;
}

/**
 * Status and message per refusal (docs/administrator-api.md lists them). Refusals of the request
 * are 4xx; a provider that refuses this server's configuration or does not answer is 502 (the
 * user can do nothing about it); a missing app or an unreachable Redis is 503.
 */
const renderings: Record<OAuthBindingFailure, Rendered> = {
  state_invalid: { status: 403, message: () => 'state 无效或已过期，请重新发起绑定' },
  code_invalid: { status: 403, message: (label) => `${label}授权码无效或已过期，请重新授权` },
  bound_to_other_user: { status: 403, message: () => ADMINISTRATOR_MESSAGES.boundToAnotherUser },
  user_has_other_account: {
    status: 403,
    message: (label) => `当前用户已绑定其他${label}账号，请先解除绑定`,
  },
  organisation_not_allowed: {
    status: 403,
    message: (label) => `该${label}账号所在的组织不允许绑定本服务`,
  },
  account_restricted: { status: 403, message: (label) => `该${label}账号已被限制登录` },
  too_many_attempts: { status: 429, message: () => '操作过于频繁，请稍后再试' },
  bad_credentials: {
    status: 502,
    message: (label) => `${label}拒绝了本服务的应用凭据，请联系管理员检查配置`,
  },
  permission_denied: {
    status: 502,
    message: (label) => `${label}应用缺少读取用户个人信息的权限，请联系管理员`,
  },
  upstream_unavailable: { status: 502, message: (label) => `${label}服务暂不可用，请稍后重试` },
  upstream_rate_limited: {
    status: 503,
    message: (label) => `${label}接口调用过于频繁，请稍后重试`,
  },
  not_configured: { status: 503, message: (label) => `本服务未配置${label}登录` },
  cache_unavailable: { status: 503, message: () => '服务暂不可用，请稍后重试' },
};

/** The web sign-in's refusals (docs/administrator-api.md, "Signing in to the web page"). */
const signInRenderings: Record<WebSessionFailure, Rendered> = {
  code_wrong: { status: 403, message: () => '验证码错误' },
  code_expired: { status: 403, message: () => '验证码已失效，请重新获取' },
  mobile_unknown: { status: 403, message: () => '该手机号未绑定任何用户' },
  account_not_bound: {
    status: 403,
    message: (label) => `该${label}账号未绑定任何用户，请先用手机号登录后绑定`,
  },
  state_invalid: { status: 403, message: () => 'state 无效或已过期，请重新登录' },
  not_configured: { status: 503, message: (label) => `本服务未配置${label}登录` },
  too_many_requests: { status: 429, message: () => '操作过于频繁，请稍后再试' },
  sms_unavailable: { status: 502, message: () => '短信发送失败，请稍后重试' },
};

function webSessionRequestError(error: WebSessionError): RequestError {
  const { status, message } = signInRenderings[error.failure];
  return new RequestError({
    code: error.failure,
    status,
    message: message(error.type ? typeLabel[error.type] : ''),
    retryAfterMs: error.retryAfterMs,
    cause: error.cause ?? error,
  });
}

/**
 * The person's WeChat is bound, through this login and through another app, to two users who both
 * hold data. 403, the status this contract gives an account bound to another user; the message
 * says that no retry helps and an administrator has to choose.
 */
const identitySplit = (error: IdentityMergeError) =>
  new RequestError({
    code: error.failure,
    status: 403,
    message: '该微信账号已分别绑定两个不同的用户，无法自动合并，请联系管理员',
    cause: error,
  });

/**
 * The binding library's refusals in this dialect's words, naming the provider the way the user
 * knows it; a 429 says when to try again.
 */
export function oauthBindingRequestError(error: unknown): RequestError | undefined {
  if (error instanceof WebSessionError) return webSessionRequestError(error);
  if (error instanceof IdentityMergeError) return identitySplit(error);
  if (!(error instanceof OAuthBindingError)) return undefined;
  const { status, message } = renderings[error.failure];
  return new RequestError({
    code: error.failure,
    status,
    message: message(typeLabel[error.type]),
    retryAfterMs: error.retryAfterMs,
    cause: error.cause ?? error,
  });
}
