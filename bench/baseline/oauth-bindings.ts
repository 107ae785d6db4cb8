import type { BaselineDeps } from './baseline-deps';
import { BaselineError } from './baseline-deps';
import { sameText, sha256Hex } from './crypto';

const ORDER = ['wechat', 'dingtalk'];
const TYPES: Record<string, string> = { wechat: 'WECHAT', dingtalk: 'DING_TALK' };

/**
 * GET /api/administrator/user/oauth-binding: the token row by id, the hash compared in constant
 * time, the last-used update (a no-op within the minute), the user's bound accounts.
 */
export async function oauthBindings(deps: BaselineDeps, authorization: string): Promise<unknown> {
  const match = /^Bearer +([1-9]\d{0,17})\|([A-Za-z0-9]{40})$/i.exec(authorization);
  if (!match) throw new BaselineError(401, 'unauthenticated');
  const [, id, secret] = match;
  const row = (await deps.pool.query('SELECT * FROM personal_access_tokens WHERE id = $1', [id]))
    .rows[0];
  const now = new Date();
  if (
    !row ||
    !sameText(sha256Hex(secret!), row.token_hash) ||
    row.revoked_at ||
    (row.expires_at && row.expires_at <= now)
  ) {
    throw new BaselineError(401, 'unauthenticated');
  }
  if (!row.last_used_at || row.last_used_at < new Date(now.getTime() - 60_000))
    await deps.pool.query(
      `UPDATE personal_access_tokens SET last_used_at = $1
      WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
      [now, id, new Date(now.getTime() - 60_000)],
    );
  const { rows } = await deps.pool.query(
    'SELECT provider, nickname, avatar, bound_at FROM external_accounts WHERE user_id = $1',
    [row.user_id],
  );
  const data = rows
    .map((account) => ({
      type: TYPES[account.provider],
      nickname: account.nickname,
      avatar: account.avatar,
      boundAt: (account.bound_at as Date).toISOString(),
      order: ORDER.indexOf(account.provider),
    }))
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...binding }) => binding);
  return { code: 200, data, msg: 'success' };
}
