import { UpstreamError } from '../http/upstream-error';

export type SmsProvider = 'tencent' | 'aliyun';

/**
 * A documented refusal from a cloud SMS provider (its error code is in `code`). `rateLimited`
 * says the provider throttled the send (per number, per app or per account): the user may try
 * again later, so the caller answers 429 rather than 502. Like every UpstreamError it carries no
 * secret and no verification code.
 */
export class SmsProviderError extends UpstreamError {
  readonly provider: SmsProvider;
  readonly rateLimited: boolean;

  constructor(options: {
    provider: SmsProvider;
    endpoint: string;
    code: string;
    message: string;
    rateLimited: boolean;
    httpStatus?: number;
  }) {
    super({
      service: 'sms',
      failure: 'api_error',
      endpoint: options.endpoint,
      code: options.code,
      httpStatus: options.httpStatus,
      message: options.message,
    });
    this.name = 'SmsProviderError';
    this.provider = options.provider;
    this.rateLimited = options.rateLimited;
  }
}

/** Whether a failed send was the provider throttling it (answered 429, not 502). */
export const isSmsRateLimited = (error: unknown): boolean =>
  error instanceof SmsProviderError && error.rateLimited;
