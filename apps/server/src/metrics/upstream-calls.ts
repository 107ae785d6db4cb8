import { AsyncLocalStorage } from 'node:async_hooks';

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

// Providers are plain functions built per router, with no app in reach; the request's async
// context carries the app's observer to them instead, so every app (tests build many in one
// process) counts its own calls without passing a registry through every provider.
const observers = new AsyncLocalStorage<UpstreamObserver>();

/** Runs `work` so that every upstream call made inside it is reported to `observer`. */
export function observeUpstreamCalls<T>(observer: UpstreamObserver, work: () => T): T {
  return observers.run(observer, work);
}

/** Reports one finished call to the observer of the current context, if there is one. */
export function recordUpstreamCall(call: UpstreamCall): void {
  const observer = observers.getStore();
  if (!observer) return;
  try {
    observer(call);
  } catch {
    // Counting must never fail the call it counts.
  }
}
