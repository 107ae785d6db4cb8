import type { AdministratorSuccess } from '@wechat-bind/dto';
import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import type { Context } from 'koa';

/** A success in this dialect (02, 03): HTTP 200 and `{ code: 200, data, msg: "success" }`. */
export function ok<T>(ctx: Context, data: T): void {
  const body: AdministratorSuccess<T> = { code: 200, data, msg: ADMINISTRATOR_MESSAGES.success };
  ctx.status = 200;
  ctx.body = body;
}
