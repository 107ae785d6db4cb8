import type { UnlinkAnchor } from '@wechat-bind/dto';
import { recordAudit } from '../audit';
import { NotFoundError } from '../errors';
import type { AccountLinkingDeps } from './account-linking-deps';
import type { ClientMetadata } from './client-metadata';
import { auditActorOf } from './client-metadata';
import { AccountRuleError } from './errors';
import { findWechatAccount } from './load-account';
import { backupMembership } from './membership-backup';
import { lockPairMemberships } from './membership-merge';

export interface UnlinkInput {
  unionId: string;
  userId: string;
  /** Which side keeps a membership the pair shares: the email account (`ftc`) or WeChat. */
  anchor?: UnlinkAnchor;
  client: ClientMetadata;
  now?: Date;
}

/**
 * POST /account/wx/unlink: splits a linked pair, in one transaction, with the same lock order as
 * link (WeChat account, user, memberships). The pair must be linked to each other (else
 * NotFoundError). A membership row carrying both ids stays with the `anchor` side and loses the
 * other id (backed up first); without an anchor that is 422 `anchor missing_field`, and nothing
 * changes. Memberships that belong to one side only stay where they are, so no anchor is needed.
 */
export async function unlinkWechatAccount(
  { sequelize, models }: AccountLinkingDeps,
  { unionId, userId, anchor, client }: UnlinkInput,
): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    const wechat = await findWechatAccount(models, unionId, { transaction, lock: true });
    if (!wechat) throw new NotFoundError('wechat account', unionId);
    if (wechat.userId === null || wechat.userId !== userId) {
      throw new NotFoundError('link', `${unionId}/${userId}`, 'these accounts are not linked');
    }
    await models.User.findByPk(userId, { lock: transaction.LOCK.UPDATE, transaction });

    const rows = await lockPairMemberships(models, { userId, unionId }, transaction);
    const shared = rows.find((row) => row.userId === userId && row.unionId === unionId);
    if (shared) {
      if (!anchor) {
        throw new AccountRuleError(
          'anchor',
          'missing_field',
          'the accounts share a membership: say which side keeps it (ftc or wechat)',
        );
      }
      await backupMembership(models, shared, 'unlink:split', transaction);
      await shared.update(anchor === 'ftc' ? { unionId: null } : { userId: null }, { transaction });
    }
    await wechat.update({ userId: null, boundAt: null }, { transaction });

    const who = auditActorOf(client);
    const subject = { type: 'user', id: userId };
    await recordAudit(
      models,
      {
        action: 'account.unlink',
        ...who,
        subject,
        details: { unionId, userId, anchor: anchor ?? null },
      },
      transaction,
    );
    if (shared) {
      await recordAudit(
        models,
        {
          action: 'membership.split',
          ...who,
          subject,
          details: { unionId, userId, membershipId: shared.id, keptBy: anchor },
        },
        transaction,
      );
    }
  });
}
