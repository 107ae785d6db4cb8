import type Joi from 'joi';
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
}

export interface JsonReply {
  status: number;
  body: unknown;
}

/**
 * One HTTP call with a deadline, answering the parsed JSON body and the status. Network failures,
 * timeouts and non-JSON answers become UpstreamError; interpreting the body is the caller's job.
 */
export async function fetchJson(options: FetchJsonOptions): Promise<JsonReply> {
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

/** Validates a reply against the documented shape; extra fields are allowed and kept. */
export function expectShape<T>(
  service: UpstreamService,
  path: string,
  body: unknown,
  schema: Joi.Schema<T>,
): T {
  const { error, value } = schema.validate(body, { allowUnknown: true, abortEarly: true });
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
