import { UpstreamError } from '../http/upstream-error';
import type { SmsSender } from './sms-sender';

export interface HttpSmsSenderOptions {
  /** Receives `POST` with JSON `{ mobile, code, expiresIn }`. */
  webhookUrl: string;
  timeoutMs?: number;
}

/**
 * Production sender: hands each code to an SMS gateway (or a small relay in front of one) over a
 * webhook. Any 2xx means accepted; anything else, a timeout or no connection is a failure. Error
 * messages name the host only: the URL's path or query may carry the gateway's credentials.
 */
export function createHttpSmsSender({
  webhookUrl,
  timeoutMs = 5_000,
}: HttpSmsSenderOptions): SmsSender {
  const url = new URL(webhookUrl);
  const endpoint = url.host;
  return {
    async sendVerificationCode({ mobile, code, expiresIn }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mobile, code, expiresIn }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        throw new UpstreamError({
          service: 'sms',
          failure: timedOut ? 'timeout' : 'network',
          endpoint,
          message: timedOut
            ? `sms webhook at ${endpoint} did not answer in ${timeoutMs} ms`
            : `sms webhook at ${endpoint} could not be reached`,
          cause: error,
        });
      }
      // Drain the body so the connection can be reused; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) {
        throw new UpstreamError({
          service: 'sms',
          failure: 'bad_response',
          endpoint,
          httpStatus: response.status,
          message: `sms webhook at ${endpoint} answered HTTP ${response.status}`,
        });
      }
    },
  };
}
