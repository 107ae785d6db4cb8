import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';

/**
 * Tables whose rows a request may change, fingerprinted by content, so an UPDATE shows as much
 * as an INSERT or DELETE. Credentials are only counted: using one stamps its `last_used_at`,
 * which is bookkeeping, not a change a request asked for.
 */
const FINGERPRINTED = [
  'users',
  'external_accounts',
  'external_openids',
  'memberships',
  'membership_backups',
  'email_verifications',
  'outbox_messages',
  'audit_events',
];
const COUNTED = ['api_keys', 'personal_access_tokens', 'client_app_keys'];

export type Census = Record<string, string>;

/**
 * Every row of the store in one statement: a count per table and, for the tables requests write,
 * a sum of row hashes. Two equal censuses mean nothing was written in between (on a database no
 * other test uses).
 */
export async function takeCensus(sequelize: Sequelize): Promise<Census> {
  const parts = [
    ...FINGERPRINTED.map(
      (table) =>
        `(SELECT count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM ${table} t) AS ${table}`,
    ),
    ...COUNTED.map((table) => `(SELECT count(*)::text FROM ${table}) AS ${table}`),
  ];
  const [row] = await sequelize.query<Census>(`SELECT ${parts.join(', ')}`, {
    type: QueryTypes.SELECT,
  });
  return row!;
}
