/**
 * The administrator dialect: `api-docs/02-oauth-binding-create.md` ("创建第三方登陆绑定接口") and
 * `api-docs/03-oauth-binding-update.md` ("更新第三方登陆绑定接口"), plus the list endpoint the
 * documents' own request example calls.
 *
 * Every reply is `{ code, data?, msg }` with the HTTP status equal to `code`; requests carry
 * `Authorization: Bearer <id>|<secret>` (a personal access token).
 */
import type { RouteSpec } from './routes';

/**
 * The login methods: 02 and 03's `WECHAT` (website QR code) and `DING_TALK`, plus the server's
 * `WECOM` (企业微信 web login) and `WECHAT_MP` (official-account web authorisation, for pages
 * opened inside WeChat). `WECHAT_MP` is another way in to the same WeChat binding as `WECHAT`: one
 * WeChat person, one binding, listed as `WECHAT`.
 */
export const OAUTH_BINDING_TYPES = ['WECHAT', 'DING_TALK', 'WECOM', 'WECHAT_MP'] as const;

/** 登陆方式 (02, 03). */
export type OAuthBindingType = (typeof OAUTH_BINDING_TYPES)[number];

/** Whether a value is one of {@link OAUTH_BINDING_TYPES} (exact, case-sensitive). */
export function isOAuthBindingType(value: unknown): value is OAuthBindingType {
  return (OAUTH_BINDING_TYPES as readonly unknown[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------

/**
 * The envelope of every `/api/administrator/*` reply (02, 03, "响应参数"): `code` is the HTTP status,
 * `data` is optional, `msg` describes the outcome.
 */
export interface AdministratorEnvelope<T = unknown> {
  code: number;
  data?: T;
  msg: string;
}

/** The fixed texts of this dialect (02, 03), plus the server's message for a taken account. */
export const ADMINISTRATOR_MESSAGES = {
  /** `msg` of every success. */
  success: 'success',
  /** `msg` of a validation failure (403). */
  validationFailed: '请求数据验证失败!',
  /** `msg` of an authentication failure (401). */
  unauthenticated: '请求未认证',
  /** `data` of a successful create (02). */
  bound: '绑定成功',
  /** `data` of a successful unbind, `PUT {state: true}` (03). */
  done: '操作成功',
  /** `msg` of a 403 when the external account belongs to another user (a server addition). */
  boundToAnotherUser: '该第三方账号已绑定其他用户',
} as const;

/** A success (02, 03): `{ code: 200, data, msg: 'success' }`. */
export interface AdministratorSuccess<T> extends AdministratorEnvelope<T> {
  code: 200;
  data: T;
  msg: typeof ADMINISTRATOR_MESSAGES.success;
}

/**
 * A validation failure (02, 03, "表单验证错误响应"): HTTP 403, `data` maps each bad field to its
 * messages, e.g. `{ type: ['type 不能为空。'] }`.
 */
export interface AdministratorValidationError extends AdministratorEnvelope<
  Record<string, string[]>
> {
  code: 403;
  data: Record<string, string[]>;
  msg: typeof ADMINISTRATOR_MESSAGES.validationFailed;
}

/** An authentication failure (02, 03, "认证错误响应"): HTTP 401, no `data`. */
export interface AdministratorUnauthenticated extends AdministratorEnvelope<never> {
  code: 401;
  msg: typeof ADMINISTRATOR_MESSAGES.unauthenticated;
}

/**
 * Any other failure (the documents show none). Server decision: the reason is in `msg`
 * (e.g. 403 `该第三方账号已绑定其他用户`, 404 for an unknown `{type}`, 502 for an upstream
 * failure) and there is no `data`.
 */
export interface AdministratorError extends AdministratorEnvelope<never> {
  msg: string;
}

/** Every body an administrator endpoint whose success `data` is `T` can send. */
export type AdministratorResponse<T> =
  | AdministratorSuccess<T>
  | AdministratorValidationError
  | AdministratorUnauthenticated
  | AdministratorError;

/**
 * Whether a parsed JSON body has the shape of an {@link AdministratorEnvelope}: a numeric `code`
 * and a string `msg` (`data`, when present, is not checked).
 */
export function isAdministratorEnvelope(value: unknown): value is AdministratorResponse<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { code, msg } = value as Record<string, unknown>;
  return typeof code === 'number' && typeof msg === 'string';
}

/** Narrows a reply to its success branch (`code === 200`). */
export function isAdministratorSuccess<T>(
  body: AdministratorResponse<T>,
): body is AdministratorSuccess<T> {
  return body.code === 200;
}

/** Narrows a reply to the validation failure (`code === 403` with a field map in `data`). */
export function isAdministratorValidationError<T>(
  body: AdministratorResponse<T>,
): body is AdministratorValidationError {
  return body.code === 403 && typeof body.data === 'object' && body.data !== null;
}

// ---------------------------------------------------------------------------------------------
// POST /api/administrator/user/oauth-binding (02)
// ---------------------------------------------------------------------------------------------

/** The document's form (02): `type`, `code` and `state` from the provider's redirect. */
export interface CreateOAuthBindingWithCode {
  type: OAuthBindingType;
  /** 验证 CODE, from the provider's redirect. */
  code: string;
  /** 验证 STATE: the nonce from `PUT .../{type}` `{state: false}`; single use. */
  state: string;
}

/**
 * DingTalk's own name for the code, accepted by the server: DingTalk's redirect carries
 * `authCode` (and `code`), so a client may forward it under either name.
 */
export interface CreateOAuthBindingWithAuthCode {
  type: 'DING_TALK';
  authCode: string;
  state: string;
  code?: never;
}

/** `POST /api/administrator/user/oauth-binding` body (02). */
export type CreateOAuthBindingRequest = CreateOAuthBindingWithCode | CreateOAuthBindingWithAuthCode;

/**
 * `data` of a successful create (02): `绑定成功`. Server decisions: binding an account that is
 * already this user's answers the same (idempotent), and so does a rebind (a state from
 * `PUT {state: false}` issued while the user had an account of the type), which replaces that
 * account with the new one.
 */
export type CreateOAuthBindingData = typeof ADMINISTRATOR_MESSAGES.bound;

// ---------------------------------------------------------------------------------------------
// PUT /api/administrator/user/oauth-binding/{type} (03)
// ---------------------------------------------------------------------------------------------

/**
 * `PUT /api/administrator/user/oauth-binding/{type}` body (03): `true` unbinds (`操作成功` even
 * when nothing was bound), `false` starts a binding, or for a user who has an account of the type
 * gets the binding again (重新获取绑定: the POST that follows replaces it).
 */
export interface UpdateOAuthBindingRequest {
  state: boolean;
}

/**
 * `data` of a successful update (03): `操作成功` after an unbind (`state: true`), or the provider's
 * authorize URL to send the user to (`state: false`), carrying a fresh single-use `state` nonce.
 */
export type UpdateOAuthBindingData = string;

// ---------------------------------------------------------------------------------------------
// GET /api/administrator/user/oauth-binding (added by the server: 02's example calls it)
// ---------------------------------------------------------------------------------------------

/**
 * One of the user's bindings in `GET /api/administrator/user/oauth-binding`. That path is what
 * 02's request example actually calls with GET; the server answers it with the list.
 *
 * Server decisions: `nickname` and `avatar` are as the provider last reported them, `null` when
 * it reported none; `boundAt` is an ISO 8601 UTC timestamp (`2024-05-01T08:00:00.000Z`).
 */
export interface OAuthBinding {
  type: OAuthBindingType;
  nickname: string | null;
  avatar: string | null;
  boundAt: string;
}

/** `data` of `GET /api/administrator/user/oauth-binding`: at most one binding per type. */
export type ListOAuthBindingsData = OAuthBinding[];

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

/**
 * Method and path of every `/api/administrator/*` endpoint. Fill `:type` with `buildPath`.
 */
export const ADMINISTRATOR_ROUTES = {
  listOAuthBindings: { method: 'GET', path: '/api/administrator/user/oauth-binding' },
  createOAuthBinding: { method: 'POST', path: '/api/administrator/user/oauth-binding' },
  updateOAuthBinding: { method: 'PUT', path: '/api/administrator/user/oauth-binding/:type' },
} as const satisfies Record<keyof AdministratorEndpoints, RouteSpec>;

/**
 * Request body and success `data` per endpoint, keyed like {@link ADMINISTRATOR_ROUTES}: the reply
 * is `AdministratorResponse<AdministratorEndpoints[K]['data']>`.
 */
export interface AdministratorEndpoints {
  listOAuthBindings: { request: undefined; data: ListOAuthBindingsData };
  createOAuthBinding: { request: CreateOAuthBindingRequest; data: CreateOAuthBindingData };
  updateOAuthBinding: { request: UpdateOAuthBindingRequest; data: UpdateOAuthBindingData };
}
