import type Joi from 'joi';
import type { UpstreamCallResult, UpstreamObserver } from '../../metrics/upstream-calls';
import { reportUpstreamCall } from '../../metrics/upstream-calls';
import type { UpstreamService } from './upstream-error';
import { UpstreamError } from './upstream-error';

export interface FetchJsonOptions {
  service: UpstreamService;
  baseUrl: string;
  path: string;
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** The app's metrics, told of every call (each retry too). */
  observer?: UpstreamObserver;
}

export interface JsonReply {
  status: number;
  body: unknown;
}

/** How a parsed answer ended, for metrics only: callers still judge the body themselves. */
function resultOf({ status, body }: JsonReply): UpstreamCallResult {
  if (status >= 400) return 'http_error';
  const errcode = (body as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && errcode !== 0 ? 'api_error' : 'ok';
}

/**
 * One HTTP call with a deadline, answering the parsed JSON body and the status. Network failures,
 * timeouts and non-JSON answers become UpstreamError; interpreting the body is the caller's job.
 * Every call (each retry too) is reported to the app's metrics, by endpoint and result.
 */
export async function fetchJson(options: FetchJsonOptions): Promise<JsonReply> {
  const started = performance.now();
  const record = (result: UpstreamCallResult) =>
    reportUpstreamCall(options.observer, {
      provider: options.service,
      endpoint: options.path,
      result,
      durationSeconds: (performance.now() - started) / 1000,
    });
  try {
    const reply = await callJson(options);
    record(resultOf(reply));
    return reply;
  } catch (error) {
    record(error instanceof UpstreamError ? (error.failure as UpstreamCallResult) : 'network');
    throw error;
  }
}

async function callJson(options: FetchJsonOptions): Promise<JsonReply> {
  const url = new URL(
    options.path,
    options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
  );
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const fail = (failure: 'timeout' | 'network' | 'bad_response', message: string, extra = {}) =>
    new UpstreamError({
      service: options.service,
      failure,
      endpoint: options.path,
      message,
      ...extra,
    });

  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw timedOut
      ? fail(
          'timeout',
          `${options.service} ${options.path} did not answer in ${options.timeoutMs} ms`,
          { cause: error },
        )
      : fail('network', `${options.service} ${options.path} could not be reached`, {
          cause: error,
        });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw fail('timeout', `${options.service} ${options.path} did not finish its answer in time`, {
      cause: error,
    });
  }
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw fail(
      'bad_response',
      `${options.service} ${options.path} answered ${response.status} with a body that is not JSON`,
      {
        httpStatus: response.status,
      },
    );
  }
}

/**
 * Each reply schema with expectShape's preferences set on it, made once: preferences given to
 * validate() are merged with the schema's own on every call, set on the schema joi keeps them.
 */
const lenientSchemas = new WeakMap<Joi.Schema, Joi.Schema>();

/** Validates a reply against the documented shape; extra fields are allowed and kept. */
export function expectShape<T>(
  service: UpstreamService,
  path: string,
  body: unknown,
  schema: Joi.Schema<T>,
): T {
  let lenient = lenientSchemas.get(schema) as Joi.Schema<T> | undefined;
  if (!lenient) {
    lenient = schema.prefs({ allowUnknown: true, abortEarly: true });
    lenientSchemas.set(schema, lenient);
  }
  const { error, value } = lenient.validate(body);
  if (error) {
    throw new UpstreamError({
      service,
      failure: 'bad_response',
      endpoint: path,
      message: `${service} ${path} answered an unexpected shape: ${error.message}`,
    });
  }
  return value;
}
