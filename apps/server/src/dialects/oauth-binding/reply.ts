import type { AdministratorSuccess } from '@wechat-bind/dto';
import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';

/** A success in this dialect (02, 03): HTTP 200 and `{ code: 200, data, msg: "success" }`. */
export function success<T>(data: T): AdministratorSuccess<T> {
  return { code: 200, data, msg: ADMINISTRATOR_MESSAGES.success };
}
