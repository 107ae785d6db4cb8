import type { Sequelize, Transaction } from 'sequelize';
import { selectRows } from '../../store/select-rows';

/**
 * The two users of a merge, locked (in id order, so two merges never wait on each other in
 * opposite orders), each with whether it holds data: anything that would be lost, or that shows
 * the user is someone's, if the user lost its WeChat account. A user holds data when it has
 *
 * - a mobile, an email (verified or not), a password, or a Stripe customer id;
 * - a membership, or a backed-up one (membership_backups: what a past merge kept);
 * - an external account other than the two being merged (DingTalk, WeCom);
 * - a Caa API key or a personal access token, live or not (revoked and expired ones included: a
 *   client or a person was once given them);
 * - an email verification link, used or not.
 *
 * Its name, avatar and gender do not count: they are copied from WeChat when the user is made, and
 * the merged account keeps WeChat's profile. Anything unknown counts as data: a merge that cannot
 * tell refuses rather than give an account away.
 */
const USERS_HOLDING_DATA_SQL = `
  SELECT u.id,
         (u.mobile IS NOT NULL OR u.email IS NOT NULL OR u.password_hash IS NOT NULL
          OR u.stripe_id IS NOT NULL
          OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)
          OR EXISTS (SELECT 1 FROM membership_backups b WHERE b.user_id = u.id)
          OR EXISTS (SELECT 1 FROM external_accounts x
                      WHERE x.user_id = u.id AND x.id <> $3 AND x.id <> $4)
          OR EXISTS (SELECT 1 FROM api_keys k WHERE k.user_id = u.id)
          OR EXISTS (SELECT 1 FROM personal_access_tokens p WHERE p.user_id = u.id)
          OR EXISTS (SELECT 1 FROM email_verifications v WHERE v.user_id = u.id)) AS holds_data
    FROM users u
   WHERE u.id IN ($1, $2)
   ORDER BY u.id
     FOR UPDATE OF u`;

/** userId → whether that user holds data; a user missing from the answer is gone. */
export async function usersHoldingData(
  sequelize: Sequelize,
  users: [string, string],
  accounts: [string, string],
  transaction: Transaction,
): Promise<Map<string, boolean>> {
  const rows = await selectRows<{ id: string; holds_data: boolean }>(
    sequelize,
    USERS_HOLDING_DATA_SQL,
    [...users, ...accounts],
    transaction,
  );
  return new Map(rows.map((row) => [row.id, row.holds_data]));
}
