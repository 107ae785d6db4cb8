import type { UnlinkAnchor } from '@wechat-bind/dto';
import { recordAudit } from '../audit';
import { NotFoundError } from '../errors';
import type { LinkingStore } from './account-linking-deps';
import type { ClientMetadata } from './client-metadata';
import { auditActorOf } from './client-metadata';
import { findWechatAccount } from './load-account';
import { backupMembership } from './membership-backup';
import { lockPairMemberships } from './membership-merge';
import { payingSideOf } from './membership-payer';

export interface UnlinkInput {
  unionId: string;
  userId: string;
  /**
   * The side the caller would like to keep a shared membership. Recorded, never obeyed against
   * the payer: the membership stays with the side that paid for it (see payingSideOf).
   */
  anchor?: UnlinkAnchor;
  client: ClientMetadata;
  now?: Date;
}

/**
 * POST /account/wx/unlink: splits a linked pair, in one transaction, with the same lock order as
 * link (WeChat account, user, memberships). The pair must be linked to each other (else
 * NotFoundError). A membership row carrying both ids stays with the side that paid for it and
 * loses the other id (backed up first), whatever `anchor` asks. Memberships that belong to one
 * side only stay where they are.
 */
export async function unlinkWechatAccount(
  { sequelize, models }: LinkingStore,
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
    const keptBy = shared ? await payingSideOf(models, shared, transaction) : null;
    if (shared) {
      await backupMembership(models, shared, 'unlink:split', transaction);
      await shared.update(keptBy === 'ftc' ? { unionId: null } : { userId: null }, { transaction });
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
          details: { unionId, userId, membershipId: shared.id, keptBy, anchor: anchor ?? null },
        },
        transaction,
      );
    }
  });
}
