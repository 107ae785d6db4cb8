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
