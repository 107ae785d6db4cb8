import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { MembershipInstance, Models } from '../../store/models';
import { AccountRuleError } from './errors';
import { backupMembership } from './membership-backup';
import type { MembershipState } from './membership-state';
import { membershipState } from './membership-state';

export interface MergeOutcome {
  /** Which side's membership the pair keeps, or null when neither had one. */
  kept: 'ftc' | 'wechat' | null;
  /** The row that now carries both ids. */
  membershipId: string | null;
  /** The row deleted because the other side's was kept (backed up first). */
  removedId: string | null;
  ftcState: MembershipState;
  wechatState: MembershipState;
}

/** The memberships of either side of a pair, locked for the rest of the transaction. */
export async function lockPairMemberships(
  models: Models,
  { userId, unionId }: { userId: string; unionId: string },
  transaction: Transaction,
): Promise<MembershipInstance[]> {
  return models.Membership.findAll({
    where: { [Op.or]: [{ userId }, { unionId }] },
    order: [['createdAt', 'ASC']],
    lock: transaction.LOCK.UPDATE,
    transaction,
  });
}

/**
 * Chooses which membership a pair being linked keeps:
 * - neither side has one: nothing to do;
 * - only one side has one: it is kept;
 * - both have one and both are live (not expired): refused, nothing changes (422 membership
 *   both_valid, the original server's code);
 * - one live, one expired: the live one is kept;
 * - both expired: the one that ran longer is kept (the email side on a tie).
 */
function chooseKeeper(
  ftc: MembershipInstance | null,
  wechat: MembershipInstance | null,
  ftcState: MembershipState,
  wechatState: MembershipState,
): 'ftc' | 'wechat' | null {
  if (!ftc && !wechat) return null;
  if (!wechat) return 'ftc';
  if (!ftc) return 'wechat';
  if (ftcState === 'valid' && wechatState === 'valid') {
    throw new AccountRuleError(
      'membership',
      'both_valid',
      'both accounts have a membership that has not expired',
    );
  }
  if (ftcState === 'valid') return 'ftc';
  if (wechatState === 'valid') return 'wechat';
  return (wechat.expireDate ?? '') > (ftc.expireDate ?? '') ? 'wechat' : 'ftc';
}

/**
 * Merges the memberships of an email account (`userId`, the ftcId) and a WeChat account
 * (`unionId`) being linked, so the pair ends with at most one row carrying both ids. Every row
 * changed or removed is backed up first (`<reason>:merged`, `<reason>:removed`). The removed row
 * goes before the kept one is updated: each id may own only one row, and the unique constraints
 * check every statement.
 *
 * A row of either side that already belongs to a third account (a user row carrying another
 * unionid, say) is a store this code did not make; it is refused rather than silently rewritten.
 */
export async function mergeMemberships(
  models: Models,
  {
    userId,
    unionId,
    reason,
    today,
  }: { userId: string; unionId: string; reason: string; today: string },
  transaction: Transaction,
): Promise<MergeOutcome> {
  const rows = await lockPairMemberships(models, { userId, unionId }, transaction);
  const foreign = rows.find(
    (row) =>
      (row.userId !== null && row.userId !== userId) ||
      (row.unionId !== null && row.unionId !== unionId),
  );
  if (foreign) {
    throw new AccountRuleError(
      'membership',
      'invalid',
      'a membership of one side already belongs to another account',
    );
  }
  const ftc = rows.find((row) => row.userId === userId) ?? null;
  const wechat = rows.find((row) => row.unionId === unionId) ?? null;
  const ftcState = membershipState(ftc, today);
  const wechatState = membershipState(wechat, today);
  if (ftc && ftc === wechat) {
    // Already one row with both ids: nothing to merge.
    return { kept: null, membershipId: ftc.id, removedId: null, ftcState, wechatState };
  }
  const kept = chooseKeeper(ftc, wechat, ftcState, wechatState);
  if (kept === null) {
    return { kept, membershipId: null, removedId: null, ftcState, wechatState };
  }
  const keeper = (kept === 'ftc' ? ftc : wechat)!;
  const loser = kept === 'ftc' ? wechat : ftc;
  if (loser) {
    await backupMembership(models, loser, `${reason}:removed`, transaction);
    await loser.destroy({ transaction });
  }
  await backupMembership(models, keeper, `${reason}:merged`, transaction);
  await keeper.update({ userId, unionId }, { transaction });
  return {
    kept,
    membershipId: keeper.id,
    removedId: loser?.id ?? null,
    ftcState,
    wechatState,
  };
}
