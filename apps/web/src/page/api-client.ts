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

/** Who is signed in, as GET /session answers (docs/administrator-api.md). */
export interface SessionInfo {
  user: { id: string; name: string | null; mobile: string | null };
  signedInWith: 'token' | 'sms' | 'WECHAT' | 'WECHAT_MP' | 'DING_TALK';
  /** Sent with every change made with the session cookie; null with a token. */
  csrfToken: string | null;
}

/** The sign-in endpoints, below the administrator prefix beside 02's. */
export const SESSION_ROUTES = {
  session: '/api/administrator/session',
  smsCode: '/api/administrator/session/sms-code',
  authorizeUrl: '/api/administrator/session/authorize-url',
  types: '/api/administrator/oauth-binding/types',
} as const;

export type SignInRequest =
  | { mobile: string; code: string }
  | { type: OAuthBindingType; code?: string; authCode?: string; state: string };

/** The administrator endpoints, as this page calls them. Every failure is an ApiError. */
export interface ApiClient {
  /** The types this server has an app for. */
  configuredTypes(): Promise<OAuthBindingType[]>;
  /** Who is signed in (by token or session); remembers the session's CSRF token. */
  whoAmI(): Promise<SessionInfo>;
  sendCode(mobile: string): Promise<{ expiresIn: number; resendAfter: number }>;
  /** The provider's authorize URL with a sign-in state for this browser. */
  startSignIn(type: OAuthBindingType): Promise<string>;
  signIn(request: SignInRequest): Promise<SessionInfo>;
  signOut(): Promise<void>;
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

const isSession = (data: unknown): data is SessionInfo =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as SessionInfo).user === 'object' &&
  typeof (data as SessionInfo).signedInWith === 'string';
const isTypes = (data: unknown): data is OAuthBindingType[] =>
  Array.isArray(data) && data.every((item) => typeof item === 'string');
const isCodeSent = (data: unknown): data is { expiresIn: number; resendAfter: number } =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as { expiresIn: unknown }).expiresIn === 'number';

export function createApiClient({ fetch, token, baseUrl = '' }: ApiClientOptions): ApiClient {
  /** The session's CSRF token, from the latest sign-in or GET /session; in memory only. */
  let csrfToken: string | null = null;

  async function call<T>(method: string, path: string, body: unknown, check: Check<T>): Promise<T> {
    // The token travels in this header only: never in a URL, a cookie or a log.
    const headers: Record<string, string> = { Accept: 'application/json' };
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    else if (csrfToken && method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // With a token nothing else is sent; signed in by SMS or a provider, the session cookie
        // (httpOnly: this script never sees it) goes to this origin only.
        credentials: current ? 'omit' : 'same-origin',
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
  const remember = (info: SessionInfo) => {
    csrfToken = info.csrfToken;
    return info;
  };
  return {
    configuredTypes: () => call('GET', SESSION_ROUTES.types, undefined, isTypes),
    whoAmI: async () => remember(await call('GET', SESSION_ROUTES.session, undefined, isSession)),
    sendCode: (mobile) => call('POST', SESSION_ROUTES.smsCode, { mobile }, isCodeSent),
    startSignIn: (type) => call('POST', SESSION_ROUTES.authorizeUrl, { type }, isString),
    signIn: async (request) =>
      remember(await call('POST', SESSION_ROUTES.session, request, isSession)),
    signOut: async () => {
      await call('DELETE', SESSION_ROUTES.session, undefined, isString);
      csrfToken = null;
    },
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
