import type {
  AdministratorSuccess,
  CreateOAuthBindingData,
  CreateOAuthBindingRequest,
  ListOAuthBindingsData,
  OAuthBinding,
  OAuthBindingType,
  UpdateOAuthBindingData,
  UpdateOAuthBindingRequest,
} from '@wechat-bind/dto';
import { ADMINISTRATOR_MESSAGES, OAUTH_BINDING_TYPES } from '@wechat-bind/dto';
import Joi from 'joi';
import type { SignInType } from '../../libraries/web-sessions';
import { SIGN_IN_TYPES } from '../../libraries/web-sessions';

/**
 * Request shapes of 02 and 03. Empty strings and null count as missing (`不能为空`), text is
 * trimmed, and unknown fields are ignored, as the documents' PHP-style API would.
 */

/** Longer than any code or state WeChat or DingTalk issues, short enough to refuse junk early. */
const MAX_CODE_LENGTH = 512;
const MAX_STATE_LENGTH = 256;

const text = (max: number) => Joi.string().trim().empty(['', null]).max(max);
const nonBlank = Joi.string().trim().min(1).required();

export const typeParams = Joi.object<{ type: OAuthBindingType }>({
  type: Joi.string()
    .valid(...OAUTH_BINDING_TYPES)
    .required(),
});

/**
 * 03: `state` true unbinds, false starts a binding. Besides JSON booleans, form-style `1`/`0` and
 * `"true"`/`"false"` are understood (the API accepts urlencoded bodies too).
 */
export const updateBody = Joi.object<UpdateOAuthBindingRequest>({
  state: Joi.boolean().empty(['', null]).truthy('1', 1).falsy('0', 0).required(),
}).unknown(true);

/**
 * 02: `type`, `code`, `state`. DingTalk's redirect calls the code `authCode`; for DING_TALK it is
 * accepted in place of `code` (`code` wins when both are given).
 */
export const createBody = Joi.object<CreateOAuthBindingRequest>({
  type: Joi.string()
    .empty(['', null])
    .valid(...OAUTH_BINDING_TYPES)
    .required(),
  code: text(MAX_CODE_LENGTH).when('type', {
    is: 'DING_TALK',
    then: Joi.when('authCode', { is: nonBlank, then: Joi.optional(), otherwise: Joi.required() }),
    otherwise: Joi.required(),
  }),
  authCode: Joi.when('type', {
    is: 'DING_TALK',
    then: text(MAX_CODE_LENGTH),
    otherwise: Joi.any().strip(),
  }),
  state: text(MAX_STATE_LENGTH).required(),
}).unknown(true);

/** A success of this dialect: `{ code: 200, data, msg: "success" }`, nothing else. */
const success = <T>(data: Joi.Schema) =>
  Joi.object<AdministratorSuccess<T>>({
    code: Joi.number().valid(200).required(),
    data: data.required(),
    msg: Joi.string().valid(ADMINISTRATOR_MESSAGES.success).required(),
  });

const binding = Joi.object<OAuthBinding>({
  type: Joi.string()
    .valid(...OAUTH_BINDING_TYPES)
    .required(),
  nickname: Joi.string().allow(null).required(),
  avatar: Joi.string().allow(null).required(),
  boundAt: Joi.string().isoDate().required(),
});

/** GET: the user's bindings, at most one per type. */
export const listReply = success<ListOAuthBindingsData>(Joi.array().items(binding));

/** POST: `绑定成功`. */
export const createReply = success<CreateOAuthBindingData>(
  Joi.string().valid(ADMINISTRATOR_MESSAGES.bound),
);

/** PUT: `操作成功` after an unbind, or the provider's authorize URL to send the user to. */
export const updateReply = success<UpdateOAuthBindingData>(
  Joi.alternatives(
    Joi.string().valid(ADMINISTRATOR_MESSAGES.done),
    Joi.string().uri({ scheme: ['http', 'https'] }),
  ),
);

/** The types this server has an app for: what the page offers. */
export const typesReply = success<OAuthBindingType[]>(
  Joi.array().items(Joi.string().valid(...OAUTH_BINDING_TYPES)),
);

/** Mainland mobile numbers, as the mini-program's sign-in takes them. */
const mobile = Joi.string()
  .trim()
  .empty(['', null])
  .pattern(/^1[3-9]\d{9}$/);

/** `POST /session/sms-code`: the mobile to send a code to. */
export const smsCodeBody = Joi.object<{ mobile: string }>({ mobile: mobile.required() }).unknown(
  true,
);

/** `POST /session/authorize-url`: the provider to sign in with. */
export const authorizeUrlBody = Joi.object<{ type: OAuthBindingType }>({
  type: Joi.string()
    .empty(['', null])
    .valid(...SIGN_IN_TYPES)
    .required(),
}).unknown(true);

export type SignInRequest =
  | { mobile: string; code: string }
  | { type: SignInType; code?: string; authCode?: string; state: string };

const whenMobile = <T extends Joi.Schema>(then: Joi.Schema, otherwise: T) =>
  Joi.when('mobile', { is: Joi.exist(), then, otherwise });

/**
 * `POST /session`: `{ mobile, code }` (the SMS code), or `{ type, code, state }` from a
 * provider's redirect (DingTalk: `authCode`, as in 02).
 */
export const signInBody = Joi.object<SignInRequest>({
  mobile,
  type: whenMobile(
    Joi.any().strip(),
    Joi.string()
      .empty(['', null])
      .valid(...SIGN_IN_TYPES)
      .required(),
  ),
  code: whenMobile(
    Joi.string()
      .trim()
      .empty(['', null])
      .pattern(/^\d{6}$/)
      .required(),
    text(MAX_CODE_LENGTH).when('type', {
      is: 'DING_TALK',
      then: Joi.when('authCode', { is: nonBlank, then: Joi.optional(), otherwise: Joi.required() }),
      otherwise: Joi.required(),
    }),
  ),
  authCode: whenMobile(
    Joi.any().strip(),
    Joi.when('type', {
      is: 'DING_TALK',
      then: text(MAX_CODE_LENGTH),
      otherwise: Joi.any().strip(),
    }),
  ),
  state: whenMobile(Joi.any().strip(), text(MAX_STATE_LENGTH).required()),
}).unknown(true);

/** `POST /session/sms-code`: how long the code lives, and when another may be asked for. */
export const smsCodeReply = success<{ expiresIn: number; resendAfter: number }>(
  Joi.object({
    expiresIn: Joi.number().integer().required(),
    resendAfter: Joi.number().integer().required(),
  }),
);

/** `POST /session/authorize-url`: the provider's page to send the browser to. */
export const authorizeUrlReply = success<string>(Joi.string().uri({ scheme: ['http', 'https'] }));

/** Who is signed in, how, and (for a session) the token every change must carry. */
export const sessionReply = success<unknown>(
  Joi.object({
    user: Joi.object({
      id: Joi.string().required(),
      name: Joi.string().allow(null).required(),
      mobile: Joi.string().allow(null).required(),
    }).required(),
    signedInWith: Joi.string()
      .valid('token', 'sms', ...SIGN_IN_TYPES)
      .required(),
    csrfToken: Joi.string().hex().length(64).allow(null).required(),
  }),
);

/** `DELETE /session`: `操作成功`. */
export const signOutReply = success<string>(Joi.string().valid(ADMINISTRATOR_MESSAGES.done));
