import type { Context } from 'koa';
import { bodyWasUnparsable, jsonObjectBody } from '../http/params';
import { WechatError } from './wechat-error';

/**
 * The JSON object body of a WeChat POST API: no bytes at all is 44002 (empty post data), bytes
 * that are not a JSON object are 47001 (data format error).
 */
export function wechatPostBody(ctx: Context): Record<string, unknown> {
  if (bodyWasUnparsable(ctx)) throw new WechatError(47001);
  if (!ctx.request.rawBody) throw new WechatError(44002);
  const body = jsonObjectBody(ctx);
  if (!body) throw new WechatError(47001);
  return body;
}
