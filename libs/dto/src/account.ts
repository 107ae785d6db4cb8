/**
 * The account-linking dialect: `api-docs/04-account-wx.md` ("关联微信和邮箱账号"), finished by the
 * server where the document stops (the rest of `link`, all of `unlink`, email verification), as
 * docs/account-linking.md records.
 *
 * Every request carries `X-Union-Id` and a client-app key (`Authorization: Bearer <client key>`),
 * or comes from a gateway network the server is configured to trust. A key is of kind `server` (a
 * back end that signs its users in) or `app` (shipped inside a client: its links also carry the
 * email account's password). Success bodies are the bare {@link Account} (or none: link and
 * unlink answer 204); errors are `{ message }` or the 422 {@link AccountValidationErrorBody}.
 */
import type { RouteSpec } from './routes';

/** The headers this dialect reads (04: "均需带有Header `X-Union-Id`"). */
export const ACCOUNT_HEADERS = {
  unionId: 'X-Union-Id',
} as const;

/** How the account signed in (04's examples: `wechat` before linking, `email` after signup). */
export type LoginMethod = 'wechat' | 'email';

/**
 * Membership tier. 04's examples show `standard`; `premium` is the other tier (the `premiumAddOn`
 * field names it). `null` when there is no membership.
 */
export type MembershipTier = 'standard' | 'premium';

/** Billing cycle. 04's examples show `year`; `month` is the other. `null` without a membership. */
export type MembershipCycle = 'year' | 'month';

/**
 * How the membership was paid. 04's examples show `wechat` and `alipay`; `stripe`, `apple` and
 * `b2b` go with the `stripeSubsId`, `appleSubsId` and `b2bLicenceId` fields. `null` without one.
 */
export type PayMethod = 'alipay' | 'wechat' | 'stripe' | 'apple' | 'b2b';

/**
 * A membership (04, `Account.membership`), field for field from the document's examples.
 *
 * Server decision: an account without a membership still has this object, with `ftcId`,
 * `unionId`, `tier`, `cycle`, `expireDate`, `payMethod` and every id `null`, `autoRenew` and `vip`
 * `false`, and both add-ons `0`. After a signup or link merge it carries both `ftcId` and `unionId`.
 */
export interface Membership {
  /** The email account's id, when the membership belongs to one. */
  ftcId: string | null;
  /** The WeChat unionid, when the membership belongs to one. */
  unionId: string | null;
  tier: MembershipTier | null;
  cycle: MembershipCycle | null;
  /** The last day of the membership, `YYYY-MM-DD`. */
  expireDate: string | null;
  payMethod: PayMethod | null;
  stripeSubsId: string | null;
  autoRenew: boolean;
  /** The subscription status (for Stripe subscriptions); `null` in 04's examples. */
  status: string | null;
  appleSubsId: string | null;
  b2bLicenceId: string | null;
  /** Add-on days of the standard tier. */
  standardAddOn: number;
  /** Add-on days of the premium tier. */
  premiumAddOn: number;
  vip: boolean;
}

/**
 * The WeChat side of an {@link Account} (04): as WeChat last reported it. Server decision: `''`
 * (not null, since 04's examples show strings) when WeChat never reported a value.
 */
export interface AccountWechat {
  nickname: string;
  avatarUrl: string;
}

/**
 * The `Account` (04, "获取微信登录用户账号数据"), field for field from the document's examples:
 * `null` where an example shows `null`.
 *
 * Before linking (`loginMethod: 'wechat'`), `id` and `email` are `''` (not null), as in 04's
 * first example. Server decision: once an email account is linked (by signup or link), the
 * Account is the merged one and `loginMethod` is `'email'`, as in 04's signup example.
 */
export interface Account {
  /** The email account's id (a UUID), `''` when no email account is linked. */
  id: string;
  /** The WeChat unionid (the request's `X-Union-Id`). */
  unionId: string;
  stripeId: string | null;
  /** The email address, `''` when no email account is linked. */
  email: string;
  mobile: string | null;
  userName: string | null;
  avatarUrl: string | null;
  isVerified: boolean;
  loginMethod: LoginMethod;
  wechat: AccountWechat;
  membership: Membership;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * `POST /account/wx/signup` body (04): create an email account and link it to this WeChat
 * account. Replies the merged {@link Account} with `loginMethod: 'email'`.
 *
 * Server rules: `email` a valid address, `password` 8–64 characters; an email already
 * taken is 422 `already_exists` on `email`.
 */
export interface WxSignupRequest {
  email: string;
  password: string;
  /**
   * Where the verification mail's link points (04: defaults to where `next-user` runs). Without it
   * the link is the server's own `GET /account/verify-email/:token`.
   */
  sourceUrl?: string;
}

/**
 * `POST /account/wx/link` body (04; the document stops after validation, the server finishes it
 * as the original server answers): link this WeChat account to an existing email account.
 * Replies 204 with no body, as the original server does; a pair already linked to each other is
 * 204 too, and nothing changes.
 *
 * Server rules: with an `app` key, `password` is required (422 `{ field: 'password', code:
 * 'missing_field' | 'invalid' }`; failures are limited, then 429); unknown `userId` (or a user
 * without an email) 404; either side already linked elsewhere 422 `{ field: 'account', code:
 * 'link_already_taken' }`; both sides with an unexpired membership (through its `expireDate`,
 * China time) 422 `{ field: 'membership', code: 'both_valid' }`.
 */
export interface WxLinkRequest {
  /** The email account's id (UUID). */
  userId: string;
  /** The email account's password: required with an `app` key, ignored from trusted callers. */
  password?: string;
}

/** Which side of a split pair keeps the membership: the email (`ftc`) or the WeChat account. */
export type UnlinkAnchor = 'ftc' | 'wechat';

/**
 * `POST /account/wx/unlink` body (04 names the endpoint only; the server defines it): split a
 * linked pair. Replies 204 with no body.
 *
 * Server rules: a membership the pair shares stays with the side that paid for it, whatever
 * `anchor` says (`anchor`, if given, must be `ftc` or `wechat`, and is recorded); a pair that is
 * not linked is 404.
 */
export interface WxUnlinkRequest {
  /** The linked email account's id (UUID). */
  userId: string;
  anchor?: UnlinkAnchor;
}

/**
 * Reply of `GET /account/verify-email/:token` (added by the server): the link in the
 * verification mail. Needs no headers; the token is single use and lives 24 hours.
 *
 * Server decision: an unknown, used or expired token is `404 { message: 'Not Found' }`; too many
 * failed tries from one IP is `429 { message: 'Too Many Requests' }` with `Retry-After`.
 */
export interface VerifyEmailResponse {
  email: string;
  isVerified: true;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The error messages of this dialect (04 and the server's), in the GitHub API style 04 follows. */
export const ACCOUNT_ERROR_MESSAGES = {
  /** 400: the body is not valid JSON (04, workflow step 2). */
  problemsParsingJson: 'Problems parsing JSON',
  /** 404: no such account (04, "未找到数据返回404"). */
  notFound: 'Not Found',
  /** 422: a field is missing or invalid, or the value is taken (04, step 3 and 4). */
  validationFailed: 'Validation Failed',
  /** 400: the request has no `X-Union-Id` header (server's wording). */
  missingUnionId: 'Missing X-Union-Id header',
  /** 401: no client-app key, or a wrong one (server's wording). */
  requiresAuthentication: 'Requires authentication',
  /** 400: the body is JSON but not an object, an array say (server's wording, GitHub's). */
  bodyNotObject: 'Body should be a JSON object',
  /** 429: too many failed verification tries or link passwords (server's wording). */
  tooManyRequests: 'Too Many Requests',
} as const;

/** A plain error body (400, 401, 404): `{ message }`. */
export interface AccountErrorBody {
  message: string;
}

/**
 * Why a field failed validation (422): GitHub's codes, which 04 follows, and the original
 * server's link refusals, which its clients read: `link_already_taken` (field `account`: the
 * email account or the WeChat account is linked to another account) and `both_valid` (field
 * `membership`: both sides hold a membership that has not expired).
 */
export type AccountValidationCode =
  'missing_field' | 'invalid' | 'already_exists' | 'link_already_taken' | 'both_valid';

const ACCOUNT_VALIDATION_CODES: readonly string[] = [
  'missing_field',
  'invalid',
  'already_exists',
  'link_already_taken',
  'both_valid',
] satisfies AccountValidationCode[];

/**
 * The 422 body: `{ message: 'Validation Failed', error: { field, code } }`, one field at a time.
 * `field` is a request field (`email`, `password`, `userId`, `anchor`) or, for link rules,
 * `account` / `membership`.
 */
export interface AccountValidationErrorBody {
  message: typeof ACCOUNT_ERROR_MESSAGES.validationFailed;
  error: {
    field: string;
    code: AccountValidationCode;
  };
}

/** Whether a parsed error body is the 422 {@link AccountValidationErrorBody}. */
export function isAccountValidationError(value: unknown): value is AccountValidationErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { message, error } = value as Record<string, unknown>;
  if (message !== ACCOUNT_ERROR_MESSAGES.validationFailed) return false;
  if (typeof error !== 'object' || error === null) return false;
  const { field, code } = error as Record<string, unknown>;
  return (
    typeof field === 'string' && typeof code === 'string' && ACCOUNT_VALIDATION_CODES.includes(code)
  );
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

/** Method and path of every `/account/*` endpoint. Fill `:token` with `buildPath`. */
export const ACCOUNT_ROUTES = {
  wx: { method: 'GET', path: '/account/wx' },
  wxSignup: { method: 'POST', path: '/account/wx/signup' },
  wxLink: { method: 'POST', path: '/account/wx/link' },
  wxUnlink: { method: 'POST', path: '/account/wx/unlink' },
  verifyEmail: { method: 'GET', path: '/account/verify-email/:token' },
} as const satisfies Record<keyof AccountEndpoints, RouteSpec>;

/**
 * Request body and success body per endpoint, keyed like {@link ACCOUNT_ROUTES}. `wxLink` and
 * `wxUnlink` answer 204 with no body (`undefined`).
 */
export interface AccountEndpoints {
  wx: { request: undefined; response: Account };
  wxSignup: { request: WxSignupRequest; response: Account };
  wxLink: { request: WxLinkRequest; response: undefined };
  wxUnlink: { request: WxUnlinkRequest; response: undefined };
  verifyEmail: { request: undefined; response: VerifyEmailResponse };
}
