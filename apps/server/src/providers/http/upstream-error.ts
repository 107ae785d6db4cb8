export type UpstreamService = 'wechat' | 'wecom' | 'dingtalk' | 'sms';

/**
 * timeout: no answer in time; network: no connection; bad_response: an answer that is not the
 * documented shape (HTML error pages, garbage, missing fields); api_error: a documented error
 * reply (WeChat `errcode`, DingTalk `code`), kept in `code` for the caller to map.
 */
export type UpstreamFailure = 'timeout' | 'network' | 'bad_response' | 'api_error';

/** A failed call to an outside service. Carries no secrets: never the query, token or body. */
export class UpstreamError extends Error {
  readonly service: UpstreamService;
  readonly failure: UpstreamFailure;
  /** WeChat's errcode (a number) or DingTalk's code (a string), for api_error. */
  readonly code?: number | string;
  readonly httpStatus?: number;
  /** The endpoint's path, without its query. */
  readonly endpoint: string;

  constructor(options: {
    service: UpstreamService;
    failure: UpstreamFailure;
    endpoint: string;
    message: string;
    code?: number | string;
    httpStatus?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'UpstreamError';
    this.service = options.service;
    this.failure = options.failure;
    this.endpoint = options.endpoint;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
  }
}
