import type Joi from 'joi';
import type { UpstreamObserver } from '../../metrics/upstream-calls';
import { expectShape, fetchJson } from '../http/fetch-json';
import { UpstreamError } from '../http/upstream-error';

export interface DingtalkCall<T> {
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  schema: Joi.Schema<T>;
}

export type DingtalkApi = <T>(call: DingtalkCall<T>) => Promise<T>;

/**
 * Calls DingTalk's v1.0 API. DingTalk answers errors with an HTTP error status and
 * `{ code, message, requestid }`; those become UpstreamError (`api_error`, `code`, `httpStatus`).
 */
export function createDingtalkApi({
  baseUrl,
  timeoutMs = 5_000,
  observer,
}: {
  baseUrl: string;
  timeoutMs?: number;
  /** The app's metrics, told of every call. */
  observer?: UpstreamObserver;
}): DingtalkApi {
  return async function callDingtalk<T>(call: DingtalkCall<T>): Promise<T> {
    const reply = await fetchJson({ service: 'dingtalk', baseUrl, timeoutMs, observer, ...call });
    if (reply.status >= 400) {
      const body = reply.body as { code?: unknown; message?: unknown } | null;
      const code = typeof body?.code === 'string' ? body.code : undefined;
      throw new UpstreamError({
        service: 'dingtalk',
        failure: code ? 'api_error' : 'bad_response',
        endpoint: call.path,
        code,
        httpStatus: reply.status,
        message: `dingtalk ${call.path} answered HTTP ${reply.status}${code ? ` ${code}` : ''}`,
      });
    }
    return expectShape('dingtalk', call.path, reply.body, call.schema);
  };
}
