import type { Account } from '@wechat-bind/dto';
import { UniqueConstraintError, col, fn, where } from 'sequelize';
import { recordAudit } from '../audit';
import { NotFoundError } from '../errors';
import { enqueueMail } from '../mail/outbox';
import type { SignupDeps } from './account-linking-deps';
import type { ClientMetadata } from './client-metadata';
import { auditActorOf, recordLinkAudit } from './client-metadata';
import { createEmailVerification, verificationLink } from './email-verification';
import { AccountRuleError } from './errors';
import { accountOf, findWechatAccount } from './load-account';
import { mergeMemberships } from './membership-merge';
import { chinaDate } from './membership-state';
import { hashPassword } from './password-hash';
import { verificationMail } from './verification-mail';

export interface WechatSignupInput {
  /** The WeChat account signing up (X-Union-Id). */
  unionId: string;
  email: string;
  password: string;
  sourceUrl?: string;
  client: ClientMetadata;
  now?: Date;
}

const emailTaken = () =>
  new AccountRuleError('email', 'already_exists', 'this email already belongs to an account');

/**
 * POST /account/wx/signup, 04's workflow in one transaction: the email must be free (422
 * already_exists), the WeChat account must exist (404) and be unlinked (422 account); the new email
 * account is saved with a scrypt password hash and linked to the WeChat account; the WeChat side's
 * membership, if any, is merged into it (both ids on one row, the row backed up first); the
 * verification mail is queued in the outbox; audit rows record who did it from where. Replies the
 * merged Account (`loginMethod: 'email'`). Nothing is written, and no mail sent, if any step fails.
 */
export async function signupWithWechat(
  deps: SignupDeps,
  input: WechatSignupInput,
): Promise<Account> {
  const { sequelize, models, secretBox, publicUrl } = deps;
  const { unionId, client, now = new Date() } = input;
  // Stored lower-cased, as the rest of the store does: the unique index is on lower(email).
  const email = input.email.trim().toLowerCase();
  // ~100 ms of CPU: done before the transaction so it holds no lock meanwhile.
  const passwordHash = await hashPassword(input.password);

  return sequelize.transaction(async (transaction) => {
    const existing = await models.User.findOne({
      where: where(fn('lower', col('email')), email),
      transaction,
    });
    if (existing) throw emailTaken();

    const wechat = await findWechatAccount(models, unionId, { transaction, lock: true });
    if (!wechat) throw new NotFoundError('wechat account', unionId);
    if (wechat.userId) {
      throw new AccountRuleError(
        'account',
        'already_exists',
        'this WeChat account is already linked to an email account',
      );
    }

    let user;
    try {
      user = await models.User.create({ email, passwordHash }, { transaction });
    } catch (error) {
      // A concurrent signup took the email between the check and the insert.
      if (error instanceof UniqueConstraintError) throw emailTaken();
      throw error;
    }
    await wechat.update({ userId: user.id, boundAt: now }, { transaction });
    const merge = await mergeMemberships(
      models,
      { userId: user.id, unionId, reason: 'signup', today: chinaDate(now) },
      transaction,
    );

    const token = await createEmailVerification(
      models,
      { userId: user.id, email, now },
      transaction,
    );
    const link = verificationLink(token, { sourceUrl: input.sourceUrl, publicUrl });
    const outboxId = await enqueueMail(
      models,
      secretBox,
      verificationMail({ to: email, link }),
      transaction,
    );

    const who = auditActorOf(client);
    const subject = { type: 'user', id: user.id };
    await recordAudit(
      models,
      { action: 'account.signup', ...who, subject, details: { unionId, email, outboxId } },
      transaction,
    );
    await recordLinkAudit(
      models,
      { client, unionId, userId: user.id, via: 'signup', merge },
      transaction,
    );
    return accountOf(models, wechat, transaction);
  });
}
