import type { Transaction } from 'sequelize';
import { ForeignKeyConstraintError, Op } from 'sequelize';
import type { Models, PersonalAccessTokenInstance } from '../store/models';
import { selectRows } from '../store/select-rows';
import { NotFoundError } from './errors';
import { isBigintId, isUuid } from './ids';
import type { CredentialStatus } from './input-rules';
import { addDays, credentialStatus, requireLabel, requireTtlDays } from './input-rules';
import { lastUsedIsFresh, lastUsedIsStale } from './last-used';
import { constantTimeEqualHex, randomBase62, sha256Hex } from './token-hash';

/**
 * Personal access tokens for the administrator API: `Authorization: Bearer <id>|<secret>`, as in
 * api-docs/02 (`323|jTbUFek9YNrITuP1fo6zHUifO3bAb14J8LgjOShE`). The id finds the row; only
 * SHA-256(secret) is stored, so a database leak does not leak usable tokens.
 */

const SECRET_LENGTH = 40;
/** Strict: a positive id without leading zeros, one `|`, exactly the secret's alphabet and length. */
const tokenPattern = new RegExp(`^([1-9]\\d{0,17})\\|([A-Za-z0-9]{${SECRET_LENGTH}})$`);

export interface IssuePersonalAccessTokenInput {
  userId: string;
  name: string;
  /** Absent: the token does not expire (it can still be revoked). */
  ttlDays?: number;
  now?: Date;
  transaction?: Transaction;
}

export interface IssuedPersonalAccessToken {
  id: string;
  /** `<id>|<secret>`, shown once; only the secret's hash is kept. */
  token: string;
  expiresAt: Date | null;
}

export interface PersonalAccessTokenSummary {
  id: string;
  userId: string;
  name: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: CredentialStatus;
}

/** Issues a token for an existing user. Throws NotFoundError for an unknown user. */
export async function issuePersonalAccessToken(
  models: Models,
  { userId, name, ttlDays, now = new Date(), transaction }: IssuePersonalAccessTokenInput,
): Promise<IssuedPersonalAccessToken> {
  const label = requireLabel('name', name);
  const expiresAt = ttlDays === undefined ? null : addDays(now, requireTtlDays('ttlDays', ttlDays));
  if (!isUuid(userId)) throw new NotFoundError('user', userId);

  const secret = randomBase62(SECRET_LENGTH);
  let row: PersonalAccessTokenInstance;
  try {
    row = await models.PersonalAccessToken.create(
      { userId, name: label, tokenHash: sha256Hex(secret), expiresAt, createdAt: now },
      { transaction },
    );
  } catch (error) {
    // The foreign key is the existence check: no window between checking and inserting.
    if (error instanceof ForeignKeyConstraintError) throw new NotFoundError('user', userId);
    throw error;
  }
  // bigint ids come back from pg as strings; String() also covers a driver that returns numbers.
  const id = String(row.id);
  return { id, token: `${id}|${secret}`, expiresAt };
}

/** Every token (of one user, if given), newest first, without hashes. */
export async function listPersonalAccessTokens(
  models: Models,
  { userId, now = new Date() }: { userId?: string; now?: Date } = {},
): Promise<PersonalAccessTokenSummary[]> {
  if (userId !== undefined && !isUuid(userId)) return [];
  const rows = await models.PersonalAccessToken.findAll({
    where: userId === undefined ? {} : { userId },
    attributes: { exclude: ['tokenHash'] },
    order: [['id', 'DESC']],
  });
  return rows.map((row) => ({
    id: String(row.id),
    userId: row.userId,
    name: row.name,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
    status: credentialStatus(row, now),
  }));
}

/** Revokes a token for good. Unknown or already revoked: NotFoundError. */
export async function revokePersonalAccessToken(
  models: Models,
  id: string,
  now: Date = new Date(),
): Promise<void> {
  const [count] = isBigintId(id)
    ? await models.PersonalAccessToken.update(
        { revokedAt: now },
        { where: { id, revokedAt: null } },
      )
    : [0];
  if (count === 0) {
    throw new NotFoundError('token', id, `token ${id} not found or already revoked`);
  }
}

/** Every administrator request starts here: the token's row by primary key. */
export const AUTHENTICATE_PERSONAL_ACCESS_TOKEN_SQL = `
  SELECT user_id, token_hash, expires_at, revoked_at, last_used_at
    FROM personal_access_tokens WHERE id = $1`;

interface TokenRow {
  user_id: string;
  token_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/**
 * The user a bearer token (the text after `Bearer `) stands for, or null when it is malformed,
 * unknown, wrong, revoked or expired at `now`. The caller answers every null the same way (401),
 * so nothing tells a guesser which part was wrong.
 */
export async function authenticatePersonalAccessToken(
  models: Models,
  bearerValue: string,
  now: Date = new Date(),
): Promise<string | null> {
  const match = tokenPattern.exec(bearerValue);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const [row] = await selectRows<TokenRow>(models, AUTHENTICATE_PERSONAL_ACCESS_TOKEN_SQL, [id]);
  if (!row || !constantTimeEqualHex(sha256Hex(secret), row.token_hash)) return null;
  const status = credentialStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now);
  if (status !== 'active') return null;
  if (lastUsedIsFresh(row.last_used_at, now)) return row.user_id;
  await models.PersonalAccessToken.update(
    { lastUsedAt: now },
    { where: { [Op.and]: [{ id }, lastUsedIsStale(now)] } },
  );
  return row.user_id;
}
