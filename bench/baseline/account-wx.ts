import type { BaselineDeps } from './baseline-deps';
import { BaselineError } from './baseline-deps';
import { sha256Hex } from './crypto';

const NO_MEMBERSHIP = {
  ftcId: null,
  unionId: null,
  tier: null,
  cycle: null,
  expireDate: null,
  payMethod: null,
  stripeSubsId: null,
  autoRenew: false,
  status: null,
  appleSubsId: null,
  b2bLicenceId: null,
  standardAddOn: 0,
  premiumAddOn: 0,
  vip: false,
};

/**
 * GET /account/wx: the client key by hash, its last-used update, the WeChat account by unionid,
 * its user, the memberships of either; then the Account.
 */
export async function accountWx(
  deps: BaselineDeps,
  authorization: string,
  unionId: string,
): Promise<unknown> {
  const key = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
  if (!key) throw new BaselineError(401, 'unauthenticated');
  const clientKey = (
    await deps.pool.query(
      'SELECT * FROM client_app_keys WHERE key_hash = $1 AND revoked_at IS NULL LIMIT 1',
      [sha256Hex(key)],
    )
  ).rows[0];
  if (!clientKey) throw new BaselineError(401, 'unauthenticated');
  const now = new Date();
  if (!clientKey.last_used_at || clientKey.last_used_at < new Date(now.getTime() - 60_000))
    await deps.pool.query(
      `UPDATE client_app_keys SET last_used_at = $1
      WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
      [now, clientKey.id, new Date(now.getTime() - 60_000)],
    );
  if (unionId === '') throw new BaselineError(400, 'Missing X-Union-Id header');
  const wechat = (
    await deps.pool.query(
      `SELECT * FROM external_accounts
        WHERE provider = 'wechat' AND account_key = $1 AND union_id = $1 LIMIT 1`,
      [unionId],
    )
  ).rows[0];
  if (!wechat) throw new BaselineError(404, 'Not Found');
  const user = wechat.user_id
    ? (await deps.pool.query('SELECT * FROM users WHERE id = $1', [wechat.user_id])).rows[0]
    : undefined;
  const memberships = (
    await deps.pool.query('SELECT * FROM memberships WHERE union_id = $1 OR user_id = $2', [
      unionId,
      user?.id ?? null,
    ])
  ).rows;
  const membership = memberships[0];
  return {
    id: user?.id ?? '',
    unionId: wechat.union_id ?? wechat.account_key,
    stripeId: user?.stripe_id ?? null,
    email: user?.email ?? '',
    mobile: user?.mobile ?? null,
    userName: user?.name ?? null,
    avatarUrl: user?.avatar ?? null,
    isVerified: Boolean(user?.email_verified_at),
    loginMethod: user ? 'email' : 'wechat',
    wechat: { nickname: wechat.nickname ?? '', avatarUrl: wechat.avatar ?? '' },
    membership: membership
      ? {
          ...NO_MEMBERSHIP,
          ftcId: membership.user_id,
          unionId: membership.union_id,
          tier: membership.tier,
          cycle: membership.cycle,
          expireDate: membership.expire_date,
          vip: membership.vip,
        }
      : NO_MEMBERSHIP,
  };
}
