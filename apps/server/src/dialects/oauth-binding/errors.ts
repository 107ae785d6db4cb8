import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import { RequestError } from '../../errors/request-error';

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
