import type {
  ACCOUNTS_ROUTES,
  AccountsEndpoints,
  AccountsEnvelope,
  AccountsMeData,
} from '@wechat-bind/dto';
import { config } from '../config';
import { CLIENT_MESSAGES, UserFacingError } from './errors';

/** `PUT /accounts/me` body: the nickname the user typed into `<input type="nickname">`. */
export interface UpdateMeRequest {
  nickname: string;
}

/** `data` of `POST /accounts/me/avatar` (multipart, field `file`). */
export interface AvatarUploadData {
  avatar_url: string;
}

/** The profile endpoints, beside the dto's: same envelope, same bearer token. */
interface ProfileEndpoints {
  updateMe: { request: UpdateMeRequest; data: AccountsMeData };
}

/** An `/accounts/*` endpoint, named as in `@wechat-bind/dto`'s `AccountsEndpoints`. */
export type Endpoint = keyof AccountsEndpoints | keyof ProfileEndpoints;
type Endpoints = AccountsEndpoints & ProfileEndpoints;
export type RequestBody<K extends Endpoint> = Endpoints[K]['request'];
export type ReplyData<K extends Endpoint> = Endpoints[K]['data'];

/**
 * Method and path per endpoint. The dto package is imported for its types only (DevTools runs no
 * npm code without "build npm"), so the table is repeated here, and `satisfies` makes the
 * compiler check it against the dto's own literal by literal.
 */
const DTO_ROUTES = {
  wxaAuthorize: { method: 'POST', path: '/accounts/wxa_authorize' },
  sendVerifyCode: { method: 'POST', path: '/accounts/send_verify_code' },
  wxaBindMobile: { method: 'POST', path: '/accounts/wxa_bind_mobile' },
  me: { method: 'GET', path: '/accounts/me' },
} as const satisfies Pick<
  typeof ACCOUNTS_ROUTES,
  'wxaAuthorize' | 'sendVerifyCode' | 'wxaBindMobile' | 'me'
>;

const ROUTES = {
  ...DTO_ROUTES,
  updateMe: { method: 'PUT', path: '/accounts/me' },
} as const satisfies Record<Endpoint, { method: string; path: string }>;

/** Where `wx.uploadFile` sends the avatar the user chose. */
export const AVATAR_UPLOAD_PATH = '/accounts/me/avatar';

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

/** The server of this version of the app, without a trailing slash. */
export function baseUrl(): string {
  const { envVersion } = wx.getAccountInfoSync().miniProgram;
  return (config.baseUrl[envVersion] ?? config.baseUrl.release).replace(/\/+$/, '');
}

function isEnvelope(value: unknown): value is AccountsEnvelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { status, success } = value as { status?: unknown; success?: unknown };
  if (typeof status !== 'object' || status === null) return false;
  const { code, message } = status as { code?: unknown; message?: unknown };
  if (typeof code !== 'number' || typeof message !== 'string') return false;
  return success === false || (success === true && 'data' in value);
}

/** `Retry-After` in seconds, whatever case the header arrived in. */
function retryAfter(header: Record<string, unknown> | undefined): number | undefined {
  const name = Object.keys(header ?? {}).find((key) => key.toLowerCase() === 'retry-after');
  const seconds = name === undefined ? NaN : Number(header?.[name]);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** The envelope's `data`, or the server's message as a {@link UserFacingError}. */
export function readReply<T>(reply: {
  statusCode: number;
  data: unknown;
  header?: Record<string, unknown>;
}): T {
  const body: unknown = reply.data;
  if (!isEnvelope(body)) {
    // Not the server's envelope: a proxy's error page, a captive portal, a wrong baseUrl.
    throw new UserFacingError(CLIENT_MESSAGES.badReply, reply.statusCode);
  }
  if (body.success) return body.data as T;
  throw UserFacingError.fromServer(body.status.message, body.status.code, retryAfter(reply.header));
}

export function networkFailure(error: WechatMiniprogram.GeneralCallbackResult): UserFacingError {
  const timedOut = /timeout/i.test(error.errMsg ?? '');
  return new UserFacingError(timedOut ? CLIENT_MESSAGES.timeout : CLIENT_MESSAGES.network);
}

/**
 * The one way the app talks to the server: `wx.request` to the configured base URL with a
 * timeout, resolving to the reply's typed `data` or rejecting with a {@link UserFacingError}.
 */
export function request<K extends Endpoint>(
  endpoint: K,
  body: RequestBody<K>,
  options: RequestOptions = {},
): Promise<ReplyData<K>> {
  const route = ROUTES[endpoint];
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) header.Authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    wx.request({
      url: baseUrl() + route.path,
      method: route.method,
      data: body === undefined ? undefined : (body as WechatMiniprogram.IAnyObject),
      header,
      timeout: config.timeoutMs,
      dataType: 'json',
      success: (reply) => {
        try {
          resolve(readReply<ReplyData<K>>(reply));
        } catch (error) {
          reject(error);
        }
      },
      fail: (error) => reject(networkFailure(error)),
    });
  });
}
