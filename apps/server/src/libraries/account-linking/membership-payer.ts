import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { MembershipInstance, Models } from '../../store/models';

/** The side of a linked pair a membership came from: the email account (`ftc`) or WeChat. */
export type MembershipSide = 'ftc' | 'wechat';

/**
 * Which side of a linked pair paid for a membership both now carry, so that an unlink leaves it
 * there (whatever `anchor` says: otherwise whoever links a WeChat account to an email account
 * could walk off with its membership by unlinking).
 *
 * Every merge backs the kept row up before giving it the other side's id (`signup:merged`,
 * `link:merged`), so the latest such backup names the side that owned it alone: a row that had
 * only a `user_id` was the email account's, one with only a `union_id` the WeChat account's. A
 * row that carries both ids without such a backup was bought while the pair was linked, by the
 * account as a whole; it stays with the email account, the account of record (its `ftcId`).
 */
export async function payingSideOf(
  models: Models,
  membership: MembershipInstance,
  transaction: Transaction,
): Promise<MembershipSide> {
  const merged = await models.MembershipBackup.findOne({
    where: { membershipId: membership.id, reason: { [Op.like]: '%:merged' } },
    order: [['id', 'DESC']],
    transaction,
  });
  if (merged && merged.unionId !== null && merged.userId === null) return 'wechat';
  return 'ftc';
}
