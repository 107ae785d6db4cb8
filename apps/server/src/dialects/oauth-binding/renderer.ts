import type { ErrorRenderer } from '../../errors/error-renderer';
import { messageOf } from '../../errors/error-renderer';

/**
 * 02/03 administrator API: `{ code, data?, msg }` with HTTP status = code. Validation failures
 * carry `data: { field: [messages] }`.
 */
const generic = {
  not_found: '请求的资源不存在',
  method_not_allowed: '请求方法不允许',
  not_implemented: '请求方法不支持',
  invalid_json: '请求数据格式错误',
  unsupported_media_type: '请求数据格式不支持',
  payload_too_large: '请求数据过大',
  service_unavailable: '服务暂不可用，请稍后重试',
  internal: '服务器内部错误',
};

export const renderAdministratorError: ErrorRenderer = (error) => {
  const data = error.details?.data;
  return {
    status: error.status,
    body: {
      code: error.status,
      ...(data === undefined ? {} : { data }),
      msg: messageOf(error, generic, generic.internal),
    },
  };
};
