import type { ErrorRenderer } from '../../errors/error-renderer';
import { messageOf } from '../../errors/error-renderer';

/** 05 mini-program: `{ status: { code, message }, success: false }`, HTTP status = code. */
const generic = {
  not_found: '接口不存在',
  method_not_allowed: '请求方法不允许',
  not_implemented: '请求方法不支持',
  invalid_json: '请求数据不是有效的 JSON',
  unsupported_media_type: '请求数据格式不支持',
  payload_too_large: '请求数据过大',
  service_unavailable: '服务暂不可用，请稍后重试',
  internal: '服务器内部错误',
};

export const renderAccountsError: ErrorRenderer = (error) => ({
  status: error.status,
  body: {
    status: { code: error.status, message: messageOf(error, generic, generic.internal) },
    success: false,
  },
});
