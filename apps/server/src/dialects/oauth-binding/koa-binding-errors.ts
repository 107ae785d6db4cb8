import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import { RequestError } from '../../errors/request-error';
import type { OAuthBindingFailure } from '../../libraries/oauth-binding';
import { OAuthBindingError, typeLabel } from '../../libraries/oauth-binding';

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

function toRequestError(error: OAuthBindingError): RequestError {
  const { status, message } = renderings[error.failure];
  return new RequestError({
    code: error.failure,
    status,
    message: message(typeLabel[error.type]),
    cause: error.cause ?? error,
  });
}

/** Turns the binding library's refusals into this dialect's errors, with Retry-After on 429. */
export function koaBindingErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof OAuthBindingError)) throw error;
      if (error.retryAfterSeconds !== undefined) {
        ctx.set('Retry-After', String(error.retryAfterSeconds));
      }
      throw toRequestError(error);
    }
  };
}
