import type Joi from 'joi';
import type { UpstreamObserver } from '../../metrics/upstream-calls';
import { expectShape, fetchJson } from '../http/fetch-json';
import { UpstreamError } from '../http/upstream-error';

export interface WecomCall<T> {
  path: string;
  query: Record<string, string>;
  /** The documented success shape. */
  schema: Joi.Schema<T>;
}

export type WecomApi = <T>(call: WecomCall<T>) => Promise<T>;

/**
 * Calls WeCom's server API (qyapi.weixin.qq.com). Like WeChat it answers HTTP 200 with
 * `{ errcode, errmsg }` (errcode 0 on success); a non-zero errcode becomes an UpstreamError
 * (service `wecom`, failure `api_error`, `code` = errcode) for the caller to map.
 */
export function createWecomApi({
  baseUrl,
  timeoutMs = 5_000,
  observer,
}: {
  baseUrl: string;
  timeoutMs?: number;
  /** The app's metrics, told of every call. */
  observer?: UpstreamObserver;
}): WecomApi {
  return async function callWecom<T>(call: WecomCall<T>): Promise<T> {
    const reply = await fetchJson({ service: 'wecom', baseUrl, timeoutMs, observer, ...call });
    const body = reply.body as { errcode?: unknown; errmsg?: unknown } | null;
    const errcode = typeof body === 'object' && body !== null ? body.errcode : undefined;
    if (typeof errcode === 'number' && errcode !== 0) {
      throw new UpstreamError({
        service: 'wecom',
        failure: 'api_error',
        endpoint: call.path,
        code: errcode,
        httpStatus: reply.status,
        message: `wecom ${call.path} answered errcode ${errcode}: ${String(body?.errmsg ?? '')}`,
      });
    }
    if (reply.status >= 400) {
      throw new UpstreamError({
        service: 'wecom',
        failure: 'bad_response',
        endpoint: call.path,
        httpStatus: reply.status,
        message: `wecom ${call.path} answered HTTP ${reply.status}`,
      });
    }
    return expectShape('wecom', call.path, reply.body, call.schema);
  };
}
