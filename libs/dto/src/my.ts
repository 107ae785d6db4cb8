/**
 * The signed client dialect: `api-docs/01-my-bind-weixin.md` ("个人中心 - 绑定微信"), authenticated
 * with the Caa signature of `api-docs/signature.md` (see `@wechat-bind/signature`).
 *
 * Success bodies are `{ user }`; errors are `{ message }` with the documented messages verbatim
 * and the documented HTTP status.
 */
import type { RouteSpec } from './routes';

/**
 * `PUT /api/my/bind-weixin` body (01): all four fields required strings.
 *
 * Server rules: `userId` must be the signing key's own user; `accessToken` must be valid for
 * `openid` and WeChat must report the same `unionid`, else 400 `invalid weixin account`; a user who
 * already has a WeChat account bound, the same one included, is refused with 403
 * `user has related to weixin account`.
 */
export interface BindWeixinRequest {
  /** The WeChat access token the mobile app holds for this user. */
  accessToken: string;
  /** 微信用户编号. */
  openid: string;
  /** 微信用户联合编号. */
  unionid: string;
  /** 用户编号: the user to bind, which must be the signing key's user. */
  userId: string;
}

/** The `User` model's gender (01's example shows `secret`). */
export type UserGender = 'male' | 'female' | 'secret';

/** A WeChat account bound to a user: `user.thirdParty.weixin` in 01's example. */
export interface WeixinThirdParty {
  unionid: string;
  openid: string;
}

/**
 * The `User` model (01 links a `model/user.md` that was never published; this is its example, field
 * for field).
 *
 * Server decisions: `_id` is the user's id as a string; `registerAt` and `createAt` are
 * milliseconds since the Unix epoch; `thirdParty.weixin` is absent (not null) while no WeChat
 * account is bound; `avatar` and `name` are strings, `''` when the user has none.
 */
export interface User {
  _id: string;
  /** When the user registered, in milliseconds since the Unix epoch. */
  registerAt: number;
  /** When the user record was created, in milliseconds since the Unix epoch. */
  createAt: number;
  thirdParty: {
    weixin?: WeixinThirdParty;
  };
  avatar: string;
  gender: UserGender;
  name: string;
}

/** `PUT /api/my/bind-weixin` success body (01): the user, with the account just bound. */
export interface BindWeixinResponse {
  user: User;
}

/**
 * Every `/api/my/*` error body: `{ message }`, plus `errors` (field → reason) for
 * `400 invalid params`, a server addition. `message` is one of {@link MY_ERROR_MESSAGES}, or for errors of
 * the HTTP layer (404, 405, 413, 415, broken JSON, 503, 500) the server's own wording.
 */
export interface MyErrorBody {
  message: string;
  errors?: Record<string, string>;
}

/**
 * The error messages of the `/api/my/*` dialect, verbatim. 01 documents `invalid authorization`,
 * `invalid signature`, `apiKey not found`, `user not found` and `user has related to weixin
 * account`; the server adds the others in the same style: `too many requests` when a
 * user tries to bind too often (each attempt asks WeChat to check a token), and `weixin service
 * unavailable` when WeChat cannot be asked (down, slow, or answering garbage).
 */
export const MY_ERROR_MESSAGES = {
  invalidAuthorization: 'invalid authorization',
  invalidSignature: 'invalid signature',
  apiKeyNotFound: 'apiKey not found',
  userNotFound: 'user not found',
  userHasRelatedToWeixinAccount: 'user has related to weixin account',
  weixinAccountHasRelatedToAnotherUser: 'weixin account has related to another user',
  permissionDenied: 'permission denied',
  invalidParams: 'invalid params',
  invalidWeixinAccount: 'invalid weixin account',
  tooManyRequests: 'too many requests',
  weixinUnavailable: 'weixin service unavailable',
} as const;

/** One of the documented `/api/my/*` error messages. */
export type MyErrorMessage = (typeof MY_ERROR_MESSAGES)[keyof typeof MY_ERROR_MESSAGES];

/** The HTTP status that goes with each message in {@link MY_ERROR_MESSAGES} (01, and the server's additions). */
export const MY_ERROR_STATUS = {
  'invalid authorization': 400,
  'invalid signature': 400,
  'apiKey not found': 404,
  'user not found': 404,
  'user has related to weixin account': 403,
  'weixin account has related to another user': 403,
  'permission denied': 403,
  'invalid params': 400,
  'invalid weixin account': 400,
  'too many requests': 429,
  'weixin service unavailable': 502,
} as const satisfies Record<MyErrorMessage, number>;

/**
 * The API actions a Caa key may be allowed. Server decision: bind-weixin's action is
 * `client:my:bind-weixin`; 01's `client:my:upload-my-avatar` is a copy slip from another page.
 */
export const MY_ACTIONS = {
  bindWeixin: 'client:my:bind-weixin',
} as const;

/** Method and path of every `/api/my/*` endpoint. */
export const MY_ROUTES = {
  bindWeixin: { method: 'PUT', path: '/api/my/bind-weixin' },
} as const satisfies Record<keyof MyEndpoints, RouteSpec>;

/** Request body and success body per endpoint, keyed like {@link MY_ROUTES}. */
export interface MyEndpoints {
  bindWeixin: { request: BindWeixinRequest; response: BindWeixinResponse };
}
