import type Joi from 'joi';
import type { UpstreamObserver } from '../../metrics/upstream-calls';
import { expectShape, fetchJson } from '../http/fetch-json';
import { UpstreamError } from '../http/upstream-error';
import { WECHAT_ERRCODES } from './errcodes';

/** WeChat's "system busy, try again": retried once before giving up. */
const WECHAT_BUSY = WECHAT_ERRCODES.busy;

export interface WechatApiOptions {
  baseUrl: string;
  timeoutMs?: number;
  observer?: UpstreamObserver;
}

export interface WechatCall<T> {
  path: string;
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: unknown;
  /** The documented success shape. */
  schema: Joi.Schema<T>;
}

export type WechatApi = <T>(call: WechatCall<T>) => Promise<T>;

/**
 * Calls a WeChat API endpoint. WeChat answers HTTP 200 with `{ errcode, errmsg }` for errors; a
 * non-zero errcode becomes an UpstreamError (failure `api_error`, `code` = errcode) for the
 * caller to map, after one retry when WeChat says it is busy (-1).
 */
export function createWechatApi({
  baseUrl,
  timeoutMs = 5_000,
  observer,
}: WechatApiOptions): WechatApi {
  return async function callWechat<T>(call: WechatCall<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const reply = await fetchJson({ service: 'wechat', baseUrl, timeoutMs, observer, ...call });
      const body = reply.body as { errcode?: unknown; errmsg?: unknown } | null;
      const errcode = typeof body === 'object' && body !== null ? body.errcode : undefined;
      if (typeof errcode === 'number' && errcode !== 0) {
        if (errcode === WECHAT_BUSY && attempt === 1) continue;
        throw new UpstreamError({
          service: 'wechat',
          failure: 'api_error',
          endpoint: call.path,
          code: errcode,
          httpStatus: reply.status,
          message: `wechat ${call.path} answered errcode ${errcode}: ${String(body?.errmsg ?? '')}`,
        });
      }
      if (reply.status >= 400) {
        throw new UpstreamError({
          service: 'wechat',
          failure: 'bad_response',
          endpoint: call.path,
          httpStatus: reply.status,
          message: `wechat ${call.path} answered HTTP ${reply.status}`,
        });
      }
      return expectShape('wechat', call.path, reply.body, call.schema);
    }
  };
}
