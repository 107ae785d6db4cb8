import type { Account } from '@wechat-bind/dto';
import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { ExternalAccountInstance, MembershipInstance, Models } from '../../store/models';
import { toAccount } from './account-serializer';

/**
 * The WeChat account an `X-Union-Id` names: the `wechat` external account keyed by that unionid
 * (`account_key` is the unionid whenever WeChat gave one).
 * With `lock`, the row is locked for the rest of the transaction: every link, unlink and signup
 * takes this lock first, so changes to one WeChat account happen one at a time and in one order.
 */
export async function findWechatAccount(
  models: Models,
  unionId: string,
  options: { transaction?: Transaction; lock?: boolean } = {},
): Promise<ExternalAccountInstance | null> {
  const { transaction, lock = false } = options;
  return models.ExternalAccount.findOne({
    // Both columns: an account keyed `appId:openid` (no unionid) must not answer to that text.
    where: { provider: 'wechat', accountKey: unionId, unionId },
    ...(lock && transaction ? { lock: transaction.LOCK.UPDATE } : {}),
    transaction,
  });
}

/**
 * The membership an Account shows. After a link there is one row with both ids; should a pair
 * still have two (a membership bought on one side after linking), the one carrying both ids wins,
 * then the email side's, then the WeChat side's.
 */
export function pickMembership(
  rows: MembershipInstance[],
  { userId, unionId }: { userId: string | null; unionId: string },
): MembershipInstance | null {
  return (
    rows.find((row) => row.userId === userId && row.unionId === unionId) ??
    rows.find((row) => userId !== null && row.userId === userId) ??
    rows.find((row) => row.unionId === unionId) ??
    null
  );
}

/** The Account of a WeChat account as it stands (inside the caller's transaction if given). */
export async function accountOf(
  models: Models,
  wechat: ExternalAccountInstance,
  transaction?: Transaction,
): Promise<Account> {
  const unionId = wechat.accountKey;
  const user = wechat.userId ? await models.User.findByPk(wechat.userId, { transaction }) : null;
  const owners: Array<Record<string, string>> = [{ unionId }];
  if (user) owners.push({ userId: user.id });
  const rows = await models.Membership.findAll({ where: { [Op.or]: owners }, transaction });
  const membership = pickMembership(rows, { userId: user?.id ?? null, unionId });
  return toAccount({ wechat, user, membership });
}

/** GET /account/wx: the Account of this unionid, or null when no WeChat account has it. */
export async function loadAccount(models: Models, unionId: string): Promise<Account | null> {
  const wechat = await findWechatAccount(models, unionId);
  return wechat ? accountOf(models, wechat) : null;
}
