import type { Transaction } from 'sequelize';
import type { MembershipInstance, Models } from '../../store/models';

/**
 * Keeps a membership row as it is now, before a merge or split changes or removes it, so that
 * support can always see (and restore) what a member had.
 */
export async function backupMembership(
  models: Models,
  row: MembershipInstance,
  reason: string,
  transaction: Transaction,
): Promise<void> {
  await models.MembershipBackup.create(
    {
      membershipId: row.id,
      userId: row.userId,
      unionId: row.unionId,
      snapshot: row.get({ plain: true }) as Record<string, unknown>,
      reason,
    },
    { transaction },
  );
}
