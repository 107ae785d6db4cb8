import Joi from 'joi';
import { isUuid } from '../../libraries/ids';

/**
 * Request bodies of the account dialect. Fields are checked in the order written, and the first
 * problem is the one reported (04's 422 names one field). Unknown fields are ignored, as a
 * GitHub-style API does.
 */

const uuid = Joi.string()
  .trim()
  .custom((value: string, helpers) =>
    isUuid(value) ? value.toLowerCase() : helpers.error('any.invalid'),
  );

export const signupBody = Joi.object({
  email: Joi.string().trim().max(254).email({ tlds: false }).required(),
  // Not trimmed: spaces may be part of a password.
  password: Joi.string().min(8).max(64).required(),
  // Optional: absent, null or '' all mean "use the server's own verification page".
  sourceUrl: Joi.string()
    .trim()
    .max(2048)
    .uri({ scheme: ['http', 'https'] })
    .empty(Joi.valid('', null)),
}).unknown(true);

/** A trusted caller (a `server` key, a gateway) links as 04 writes it: the email account's id. */
export const linkBody = Joi.object({
  userId: uuid.required(),
}).unknown(true);

/**
 * An `app` key also proves the email account with its password (a key inside a client binary is
 * anyone's). Not trimmed, as at signup; over 1024 characters cannot be a password we stored.
 */
export const appLinkBody = linkBody.keys({
  password: Joi.string().max(1024).required(),
});

export const unlinkBody = Joi.object({
  userId: uuid.required(),
  anchor: Joi.string().valid('ftc', 'wechat').empty(Joi.valid(null)),
}).unknown(true);
