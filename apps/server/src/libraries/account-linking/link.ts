import { UniqueConstraintError } from 'sequelize';
import { NotFoundError } from '../errors';
import { isUuid } from '../ids';
import type { LinkingStore } from './account-linking-deps';
import type { ClientMetadata } from './client-metadata';
import { recordLinkAudit } from './client-metadata';
import { AccountRuleError } from './errors';
import { findWechatAccount } from './load-account';
import { mergeMemberships } from './membership-merge';
import { chinaDate } from './membership-state';
import type { PasswordFailureLimit } from './password-failure-limit';
import { verifyPassword } from './password-hash';

export interface LinkDeps extends LinkingStore {
  passwordFailures: PasswordFailureLimit;
}

/**
 * What proves the caller holds the email account: nothing more than the caller itself for a
 * trusted back end or gateway (it signed its user in), the account's password for an `app` key.
 */
export type LinkProof = { kind: 'trusted' } | { kind: 'password'; password: string };

export interface LinkInput {
  unionId: string;
  /** The email account's id. */
  userId: string;
  proof: LinkProof;
  client: ClientMetadata;
  now?: Date;
}

export type LinkOutcome = 'linked' | 'already_linked';

const linkTaken = (message: string) =>
  new AccountRuleError('account', 'link_already_taken', message);
const wrongPassword = () =>
  new AccountRuleError('password', 'invalid', 'the password does not match the email account');

/**
 * An `app` key's proof: the email account's password, checked against its limits before the
 * transaction (scrypt takes ~100 ms, and no lock should wait for it). Returns the hash that
 * matched, which the transaction checks again under the row lock, so a password changed in
 * between does not count.
 */
async function provePassword(
  { models, passwordFailures }: LinkDeps,
  { userId, password, address }: { userId: string; password: string; address: string },
): Promise<string> {
  const user = await models.User.findByPk(userId);
  if (!user?.email) throw new NotFoundError('email account', userId);
  const who = { userId: user.id, address };
  await passwordFailures.check(who);
  const matches = user.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
  if (!matches) {
    await passwordFailures.count(who);
    throw wrongPassword();
  }
  return user.passwordHash!;
}

/**
 * POST /account/wx/link: links the WeChat account to an existing email account and merges their
 * memberships (see mergeMemberships), in one transaction. With a password proof, the password is
 * checked first (422 password invalid, limited per account and address). Locks the WeChat account,
 * then the user, then the pair's memberships: every link, unlink and signup locks in this order,
 * so they queue instead of deadlocking. Unknown WeChat account or email account: NotFoundError.
 * Either side linked to someone else: 422 account link_already_taken. Already linked to each
 * other: nothing changes, `already_linked` (a retried request succeeds).
 */
export async function linkWechatAccount(deps: LinkDeps, input: LinkInput): Promise<LinkOutcome> {
  const { sequelize, models } = deps;
  const { unionId, userId, proof, client, now = new Date() } = input;
  if (!isUuid(userId)) throw new NotFoundError('email account', userId);
  const provenHash =
    proof.kind === 'password'
      ? await provePassword(deps, {
          userId,
          password: proof.password,
          address: client.ip ?? 'unknown',
        })
      : null;

  return sequelize.transaction(async (transaction) => {
    const wechat = await findWechatAccount(models, unionId, { transaction, lock: true });
    if (!wechat) throw new NotFoundError('wechat account', unionId);
    const user = await models.User.findByPk(userId, {
      lock: transaction.LOCK.UPDATE,
      transaction,
    });
    // Only an email account can be linked here (04: "uuid of email account").
    if (!user?.email) throw new NotFoundError('email account', userId);
    if (provenHash !== null && user.passwordHash !== provenHash) throw wrongPassword();

    if (wechat.userId === user.id) return 'already_linked';
    if (wechat.userId) {
      throw linkTaken('this WeChat account is already linked to another email account');
    }
    const otherWechat = await models.ExternalAccount.findOne({
      where: { userId: user.id, provider: 'wechat' },
      transaction,
    });
    if (otherWechat) {
      throw linkTaken('this email account is already linked to another WeChat account');
    }

    const merge = await mergeMemberships(
      models,
      { userId: user.id, unionId, reason: 'link', today: chinaDate(now) },
      transaction,
    );
    try {
      await wechat.update({ userId: user.id, boundAt: now }, { transaction });
    } catch (error) {
      // The constraint is the last word should anything have slipped past the checks above.
      if (error instanceof UniqueConstraintError) {
        throw linkTaken('this email account is already linked to another WeChat account');
      }
      throw error;
    }

    await recordLinkAudit(
      models,
      {
        client,
        unionId,
        userId: user.id,
        via: 'link',
        proof: proof.kind === 'password' ? 'password' : 'trusted',
        merge,
      },
      transaction,
    );
    return 'linked';
  });
}
