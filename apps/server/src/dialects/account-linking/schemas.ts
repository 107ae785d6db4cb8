import type {
  Account,
  AccountWechat,
  Membership,
  VerifyEmailResponse,
  WxLinkRequest,
  WxSignupRequest,
  WxUnlinkRequest,
} from '@wechat-bind/dto';
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

export const signupBody = Joi.object<WxSignupRequest>({
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
export const linkBody = Joi.object<WxLinkRequest>({
  userId: uuid.required(),
}).unknown(true);

/**
 * An `app` key also proves the email account with its password (a key inside a client binary is
 * anyone's). Not trimmed, as at signup; over 1024 characters cannot be a password we stored.
 */
export const appLinkBody = linkBody.keys({
  password: Joi.string().max(1024).required(),
});

export const unlinkBody = Joi.object<WxUnlinkRequest>({
  userId: uuid.required(),
  anchor: Joi.string().valid('ftc', 'wechat').empty(Joi.valid(null)),
}).unknown(true);

/** The token is checked by the library, so that every wrong one is the same counted 404. */
export const verifyEmailParams = Joi.object<{ token: string }>({
  token: Joi.string().required(),
});

// Replies: 04's Account and the verification's answer, field for field.

const text = () => Joi.string().allow('').required();
const nullableText = () => Joi.string().allow(null).required();

const membership = Joi.object<Membership>({
  ftcId: nullableText(),
  unionId: nullableText(),
  tier: Joi.string().valid('standard', 'premium').allow(null).required(),
  cycle: Joi.string().valid('year', 'month').allow(null).required(),
  expireDate: Joi.string()
    .pattern(/^\d{4}-\d{2}-\d{2}$/)
    .allow(null)
    .required(),
  // As the payment side wrote it.
  payMethod: nullableText(),
  stripeSubsId: nullableText(),
  autoRenew: Joi.boolean().required(),
  status: nullableText(),
  appleSubsId: nullableText(),
  b2bLicenceId: nullableText(),
  standardAddOn: Joi.number().integer().required(),
  premiumAddOn: Joi.number().integer().required(),
  vip: Joi.boolean().required(),
});

const wechat = Joi.object<AccountWechat>({ nickname: text(), avatarUrl: text() });

/** `id` and `email` are `''` until an email account is linked. */
export const accountReply = Joi.object<Account>({
  id: text(),
  unionId: Joi.string().required(),
  stripeId: nullableText(),
  email: text(),
  mobile: nullableText(),
  userName: nullableText(),
  avatarUrl: nullableText(),
  isVerified: Joi.boolean().required(),
  loginMethod: Joi.string().valid('wechat', 'email').required(),
  wechat: wechat.required(),
  membership: membership.required(),
});

export const verifyEmailReply = Joi.object<VerifyEmailResponse>({
  email: Joi.string().required(),
  isVerified: Joi.valid(true).required(),
});
