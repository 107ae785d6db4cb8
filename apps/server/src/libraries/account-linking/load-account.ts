import type { Account } from '@wechat-bind/dto';
import type { Sequelize, Transaction } from 'sequelize';
import { Op } from 'sequelize';
import type { ExternalAccountInstance, Models } from '../../store/models';
import { selectRows } from '../../store/select-rows';
import type { MembershipPart, UserPart } from './account-serializer';
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
export function pickMembership<Row extends Pick<MembershipPart, 'userId' | 'unionId'>>(
  rows: Row[],
  { userId, unionId }: { userId: string | null; unionId: string },
): Row | null {
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

/**
 * GET /account/wx reads everything in one statement: the WeChat account by its unionid (the
 * `(provider, account_key)` unique index), its user by primary key, and each membership that can
 * be its own by either unique index (one row per membership found; none: one row of nulls).
 */
export const LOAD_ACCOUNT_SQL = `
  SELECT ea.account_key, ea.union_id, ea.nickname, ea.avatar,
         u.id AS user_id, u.stripe_id, u.email, u.mobile, u.name, u.avatar AS user_avatar,
         u.email_verified_at,
         m.id AS membership_id, m.user_id AS m_user_id, m.union_id AS m_union_id, m.tier, m.cycle,
         m.expire_date::text AS expire_date, m.pay_method, m.stripe_subs_id, m.auto_renew, m.status,
         m.apple_subs_id, m.b2b_licence_id, m.standard_add_on, m.premium_add_on, m.vip
    FROM external_accounts ea
    LEFT JOIN users u ON u.id = ea.user_id
    LEFT JOIN memberships m ON m.union_id = ea.account_key OR m.user_id = ea.user_id
   WHERE ea.provider = 'wechat' AND ea.account_key = $1 AND ea.union_id = $1`;

interface LoadAccountRow {
  account_key: string;
  union_id: string | null;
  nickname: string | null;
  avatar: string | null;
  user_id: string | null;
  stripe_id: string | null;
  email: string | null;
  mobile: string | null;
  name: string | null;
  user_avatar: string | null;
  email_verified_at: Date | null;
  membership_id: string | null;
  m_user_id: string | null;
  m_union_id: string | null;
  tier: string | null;
  cycle: string | null;
  expire_date: string | null;
  pay_method: string | null;
  stripe_subs_id: string | null;
  auto_renew: boolean;
  status: string | null;
  apple_subs_id: string | null;
  b2b_licence_id: string | null;
  standard_add_on: number;
  premium_add_on: number;
  vip: boolean;
}

const membershipOf = (row: LoadAccountRow): MembershipPart => ({
  userId: row.m_user_id,
  unionId: row.m_union_id,
  tier: row.tier,
  cycle: row.cycle,
  expireDate: row.expire_date,
  payMethod: row.pay_method,
  stripeSubsId: row.stripe_subs_id,
  autoRenew: row.auto_renew,
  status: row.status,
  appleSubsId: row.apple_subs_id,
  b2bLicenceId: row.b2b_licence_id,
  standardAddOn: row.standard_add_on,
  premiumAddOn: row.premium_add_on,
  vip: row.vip,
});

/** GET /account/wx: the Account of this unionid, or null when no WeChat account has it. */
export async function loadAccount(sequelize: Sequelize, unionId: string): Promise<Account | null> {
  const rows = await selectRows<LoadAccountRow>(sequelize, LOAD_ACCOUNT_SQL, [unionId]);
  const first = rows[0];
  if (!first) return null;
  const user: UserPart | null = first.user_id
    ? {
        id: first.user_id,
        stripeId: first.stripe_id,
        email: first.email,
        mobile: first.mobile,
        name: first.name,
        avatar: first.user_avatar,
        emailVerifiedAt: first.email_verified_at,
      }
    : null;
  const memberships = rows.filter((row) => row.membership_id !== null).map(membershipOf);
  return toAccount({
    wechat: {
      accountKey: first.account_key,
      unionId: first.union_id,
      nickname: first.nickname,
      avatar: first.avatar,
    },
    user,
    membership: pickMembership(memberships, {
      userId: user?.id ?? null,
      unionId: first.account_key,
    }),
  });
}
