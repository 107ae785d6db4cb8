import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import type Joi from 'joi';
import { RequestError, httpErrors } from '../../errors/request-error';
import type { OAuthBindingFailure } from '../../libraries/oauth-binding';
import { OAuthBindingError, typeLabel } from '../../libraries/oauth-binding';
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

/**
 * The binding library's refusals in this dialect's words, naming the provider the way the user
 * knows it; a 429 says when to try again.
 */
export function oauthBindingRequestError(error: unknown): RequestError | undefined {
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
