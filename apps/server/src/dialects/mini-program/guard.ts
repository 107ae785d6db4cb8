import type Joi from 'joi';
import type { Middleware } from 'koa';
import { RequestError } from '../../errors/request-error';
import type { GuardSchemas } from '../../middleware/koa-guard';
import { koaGuard } from '../../middleware/koa-guard';

/**
 * joi's messages in the document's language, each naming the field as the client sent it
 * (`js_code 不能为空`). Schemas take them with `.prefs(accountsMessages)`.
 */
export const accountsMessages: Joi.ValidationOptions = {
  errors: { wrap: { label: false } },
  messages: {
    'any.required': '{{#label}} 不能为空',
    'string.empty': '{{#label}} 不能为空',
    'string.base': '{{#label}} 必须是字符串',
    'string.max': '{{#label}} 不能超过 {{#limit}} 个字符',
    'string.pattern.base': '{{#label}} 格式不正确',
    'string.pattern.name': '{{#label}} 格式不正确',
    'any.unknown': '{{#label}} 不能与 phone_code 同时提供',
    'object.base': '请求数据必须是 JSON 对象',
  },
};

/**
 * koaGuard for /accounts/*: every problem found, joined into one message (the envelope has room
 * for one), answered 400 in the accounts envelope.
 */
export function accountsGuard(schemas: GuardSchemas): Middleware {
  return koaGuard(
    schemas,
    (details) =>
      new RequestError({
        code: 'invalid_input',
        status: 400,
        message: [...new Set(details.map((detail) => detail.message))].join('；'),
      }),
  );
}
