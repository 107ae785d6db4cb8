import type { Account } from '@wechat-bind/dto';
import { UniqueConstraintError } from 'sequelize';
import { NotFoundError } from '../errors';
import { isUuid } from '../ids';
import type { AccountLinkingDeps } from './account-linking-deps';
import type { ClientMetadata } from './client-metadata';
import { recordLinkAudit } from './client-metadata';
import { AccountRuleError } from './errors';
import { accountOf, findWechatAccount } from './load-account';
import { mergeMemberships } from './membership-merge';
import { chinaDate } from './membership-state';

export interface LinkInput {
  unionId: string;
  /** The email account's id. */
  userId: string;
  client: ClientMetadata;
  now?: Date;
}

const linkedElsewhere = (message: string) =>
  new AccountRuleError('account', 'already_exists', message);

/**
 * POST /account/wx/link: links the WeChat account to an existing email account and merges their
 * memberships (see mergeMemberships), in one transaction. Locks the WeChat account, then the user,
 * then the pair's memberships: every link, unlink and signup locks in this order, so they queue
 * instead of deadlocking. Unknown WeChat account or email account: NotFoundError. Either side
 * linked to someone else: 422 account. Already linked to each other: nothing changes, and the
 * Account is replied again (a retried request succeeds).
 */
export async function linkWechatAccount(
  { sequelize, models }: AccountLinkingDeps,
  { unionId, userId, client, now = new Date() }: LinkInput,
): Promise<Account> {
  return sequelize.transaction(async (transaction) => {
    const wechat = await findWechatAccount(models, unionId, { transaction, lock: true });
    if (!wechat) throw new NotFoundError('wechat account', unionId);
    const user = isUuid(userId)
      ? await models.User.findByPk(userId, { lock: transaction.LOCK.UPDATE, transaction })
      : null;
    // Only an email account can be linked here (04: "uuid of email account").
    if (!user?.email) throw new NotFoundError('email account', userId);

    if (wechat.userId === user.id) return accountOf(models, wechat, transaction);
    if (wechat.userId) {
      throw linkedElsewhere('this WeChat account is already linked to another email account');
    }
    const otherWechat = await models.ExternalAccount.findOne({
      where: { userId: user.id, provider: 'wechat' },
      transaction,
    });
    if (otherWechat) {
      throw linkedElsewhere('this email account is already linked to another WeChat account');
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
        throw linkedElsewhere('this email account is already linked to another WeChat account');
      }
      throw error;
    }

    await recordLinkAudit(
      models,
      { client, unionId, userId: user.id, via: 'link', merge },
      transaction,
    );
    return accountOf(models, wechat, transaction);
  });
}
