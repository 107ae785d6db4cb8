import { UpstreamError } from '../http/upstream-error';
import type { SmsProvider } from './sms-provider-error';

export interface SmsHttpReply {
  status: number;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/**
 * One POST to a cloud SMS API with a deadline. Failures to get any answer become UpstreamErrors
 * naming the provider's host only (never the body, which holds the code, nor the signature).
 */
export async function postToSmsApi(
  provider: SmsProvider,
  url: URL,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<SmsHttpReply> {
  const endpoint = url.host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new UpstreamError({
      service: 'sms',
      failure: timedOut ? 'timeout' : 'network',
      endpoint,
      message: timedOut
        ? `${provider} sms at ${endpoint} did not answer in ${timeoutMs} ms`
        : `${provider} sms at ${endpoint} could not be reached`,
      cause: error,
    });
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/** An answer that is not the documented shape: an HTML error page, garbage, missing fields. */
export const badSmsReply = (provider: SmsProvider, url: URL, status: number) =>
  new UpstreamError({
    service: 'sms',
    failure: 'bad_response',
    endpoint: url.host,
    httpStatus: status,
    message: `${provider} sms at ${url.host} answered HTTP ${status} with an undocumented body`,
  });

/** The API's URL from its configured base: the host's root unless the base names a path. */
export const smsApiUrl = (apiBase: string) => new URL(apiBase.replace(/\/+$/, '') || '/');

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
