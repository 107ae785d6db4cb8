import type { BindWeixinRequest, BindWeixinResponse } from '@wechat-bind/dto';
import Joi from 'joi';

/**
 * Printable ASCII without spaces, within a generous length: WeChat's tokens and ids are
 * base64url-like, and anything else would only be refused by WeChat after a round trip.
 */
const field = (max: number) =>
  Joi.string()
    .max(max)
    .pattern(/^[\x21-\x7e]+$/)
    .required()
    .messages({
      'any.required': '{{#label}} is required',
      'string.base': '{{#label}} must be a string',
      'string.empty': '{{#label}} must not be empty',
      'string.max': '{{#label}} must be at most {{#limit}} characters',
      'string.pattern.base': '{{#label}} must be printable ASCII without spaces',
    });

/** All four fields are required strings; other fields are ignored. */
export const bindWeixinBody = Joi.object<BindWeixinRequest>({
  accessToken: field(512),
  openid: field(128),
  unionid: field(128),
  userId: field(64),
})
  .unknown(true)
  .messages({ 'object.base': 'the body must be a JSON object' })
  .prefs({ errors: { wrap: { label: false } } });

/** 01's `User` model, as its example prints it. */
const user = Joi.object({
  _id: Joi.string().required(),
  registerAt: Joi.number().integer().required(),
  createAt: Joi.number().integer().required(),
  thirdParty: Joi.object({
    weixin: Joi.object({ unionid: Joi.string().required(), openid: Joi.string().required() }),
  }).required(),
  avatar: Joi.string().allow('').required(),
  gender: Joi.string().valid('male', 'female', 'secret').required(),
  name: Joi.string().allow('').required(),
});

export const bindWeixinReply = Joi.object<BindWeixinResponse>({ user: user.required() });
