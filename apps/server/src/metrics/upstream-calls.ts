/**
 * How a call to an outside service ended, as the HTTP client saw it: `ok` (a 2xx JSON answer),
 * `api_error` (JSON carrying a non-zero WeChat errcode), `http_error` (an HTTP status of 400 or
 * more), `bad_response` (not JSON), `timeout`, `network` (no connection).
 */
export type UpstreamCallResult =
  'ok' | 'api_error' | 'http_error' | 'bad_response' | 'timeout' | 'network';

export interface UpstreamCall {
  provider: string;
  /** The endpoint's path, never its query (which can carry secrets). */
  endpoint: string;
  result: UpstreamCallResult;
  durationSeconds: number;
}

export type UpstreamObserver = (call: UpstreamCall) => void;

/** Reports one finished call to `observer`; counting must never fail the call it counts. */
export function reportUpstreamCall(
  observer: UpstreamObserver | undefined,
  call: UpstreamCall,
): void {
  if (!observer) return;
  try {
    observer(call);
  } catch {
    // A broken metric is not the caller's problem.
  }
}
