import type {
  CreateOAuthBindingRequest,
  ListOAuthBindingsData,
  OAuthBindingType,
} from '@wechat-bind/dto';
import {
  ADMINISTRATOR_ROUTES,
  buildPath,
  isAdministratorEnvelope,
  isAdministratorValidationError,
} from '@wechat-bind/dto';
import { ApiError, parseRetryAfter } from './api-error';

/** The administrator binding endpoints, as this page calls them. Every failure is an ApiError. */
export interface ApiClient {
  listBindings(): Promise<ListOAuthBindingsData>;
  /** PUT {type} `{state: false}`: the provider's authorize URL, carrying a fresh state. */
  startBinding(type: OAuthBindingType): Promise<string>;
  /** PUT {type} `{state: true}`. */
  unbind(type: OAuthBindingType): Promise<void>;
  /** POST the code and state the provider's redirect brought back. */
  completeBinding(request: CreateOAuthBindingRequest): Promise<void>;
}

export interface ApiClientOptions {
  fetch: typeof fetch;
  /** The personal access token, read at each call (it changes on sign-in and sign-out). */
  token: () => string | undefined;
  /** Where the API is; the page's own origin unless told otherwise. */
  baseUrl?: string;
}

type Check<T> = (data: unknown) => data is T;

const isString = (data: unknown): data is string => typeof data === 'string';
const isBindingList = (data: unknown): data is ListOAuthBindingsData =>
  Array.isArray(data) &&
  data.every(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.type === 'string' &&
      typeof item.boundAt === 'string',
  );

export function createApiClient({ fetch, token, baseUrl = '' }: ApiClientOptions): ApiClient {
  async function call<T>(method: string, path: string, body: unknown, check: Check<T>): Promise<T> {
    // The token travels in this header only: never in a URL, a cookie or a log.
    const headers: Record<string, string> = { Accept: 'application/json' };
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      throw new ApiError({ kind: 'network', cause });
    }
    const envelope: unknown = await response.json().catch(() => undefined);
    if (!isAdministratorEnvelope(envelope)) {
      throw new ApiError({ kind: 'unexpected', status: response.status });
    }
    if (response.ok && envelope.code === 200) {
      if (!check(envelope.data))
        throw new ApiError({ kind: 'unexpected', status: response.status });
      return envelope.data;
    }
    throw new ApiError({
      kind: 'http',
      status: response.status,
      msg: envelope.msg,
      fields: isAdministratorValidationError(envelope) ? envelope.data : undefined,
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }

  const { listOAuthBindings, updateOAuthBinding, createOAuthBinding } = ADMINISTRATOR_ROUTES;
  const updatePath = (type: OAuthBindingType) => buildPath(updateOAuthBinding.path, { type });
  return {
    listBindings: () => call('GET', listOAuthBindings.path, undefined, isBindingList),
    startBinding: (type) => call('PUT', updatePath(type), { state: false }, isString),
    unbind: async (type) => {
      await call('PUT', updatePath(type), { state: true }, isString);
    },
    completeBinding: async (request) => {
      await call('POST', createOAuthBinding.path, request, isString);
    },
  };
}
