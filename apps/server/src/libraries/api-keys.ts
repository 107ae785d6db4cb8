import { randomBytes } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { ForeignKeyConstraintError } from 'sequelize';
import type { ApiKeyInstance, Models } from '../store/models';
import { execute, selectRows } from '../store/select-rows';
import { NotFoundError, ValidationError } from './errors';
import { isUuid } from './ids';
import { LAST_USED_RESOLUTION_MS } from './last-used';
import type { CredentialStatus } from './input-rules';
import { addDays, credentialStatus, requireTtlDays } from './input-rules';
import type { SecretBox } from './secret-box';

/**
 * Caa key pairs (api-docs/signature.md). The key id is public and stored as is; the secret is
 * needed again to verify every signature, so it is stored sealed with DATA_KEY, never in plain.
 */

/** The action PUT /api/my/bind-weixin requires; the default for a new key. */
export const BIND_WEIXIN_ACTION = 'client:my:bind-weixin';
export const DEFAULT_API_KEY_TTL_DAYS = 30;

/** Both halves are standard base64 of 32 random bytes: 44 characters ending in `=`. */
const KEY_BYTES = 32;
const apiKeyPattern = /^[A-Za-z0-9+/]{43}=$/;
/** Actions look like `client:my:bind-weixin`: lower-case words joined by colons. */
const actionPattern = /^[a-z0-9-]+(?::[a-z0-9-]+)*$/;

export interface IssueApiKeyInput {
  userId: string;
  actions?: string[];
  ttlDays?: number;
  now?: Date;
  transaction?: Transaction;
}

export interface IssuedApiKey {
  apiKey: string;
  /** Shown once to whoever asked for the key; only its sealed form is kept. */
  apiSecret: string;
  actions: string[];
  expiresAt: Date;
}

export interface ApiKeySummary {
  apiKey: string;
  userId: string;
  actions: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: CredentialStatus;
}

export interface ActiveApiKey {
  userId: string;
  apiSecret: string;
  actions: string[];
  expiresAt: Date;
  /** So that a use within the minute needs no UPDATE (see markApiKeyUsed). */
  lastUsedAt: Date | null;
}

function validateActions(actions: string[]): string[] {
  const unique = [...new Set(actions.map((action) => action.trim()))];
  if (unique.length === 0) {
    throw new ValidationError('actions', 'a key needs at least one action');
  }
  const bad = unique.find((action) => !actionPattern.test(action));
  if (bad !== undefined) {
    throw new ValidationError(
      'actions',
      `action "${bad}" is not of the form word:word (lower case), e.g. ${BIND_WEIXIN_ACTION}`,
    );
  }
  return unique;
}

/** Issues a key pair for an existing user. Throws NotFoundError for an unknown user. */
export async function issueApiKey(
  models: Models,
  secretBox: SecretBox,
  {
    userId,
    actions = [BIND_WEIXIN_ACTION],
    ttlDays = DEFAULT_API_KEY_TTL_DAYS,
    now = new Date(),
    transaction,
  }: IssueApiKeyInput,
): Promise<IssuedApiKey> {
  const allowed = validateActions(actions);
  const expiresAt = addDays(now, requireTtlDays('ttlDays', ttlDays));
  if (!isUuid(userId)) throw new NotFoundError('user', userId);

  const apiKey = randomBytes(KEY_BYTES).toString('base64');
  const apiSecret = randomBytes(KEY_BYTES).toString('base64');
  try {
    await models.ApiKey.create(
      {
        keyId: apiKey,
        userId,
        secretCiphertext: secretBox.seal(apiSecret),
        actions: allowed,
        expiresAt,
        createdAt: now,
      },
      { transaction },
    );
  } catch (error) {
    // The foreign key is the existence check: no window between checking and inserting.
    if (error instanceof ForeignKeyConstraintError) throw new NotFoundError('user', userId);
    throw error;
  }
  return { apiKey, apiSecret, actions: allowed, expiresAt };
}

/** Every key (of one user, if given), newest first. Never includes a secret, sealed or not. */
export async function listApiKeys(
  models: Models,
  { userId, now = new Date() }: { userId?: string; now?: Date } = {},
): Promise<ApiKeySummary[]> {
  if (userId !== undefined && !isUuid(userId)) return [];
  const rows = await models.ApiKey.findAll({
    where: userId === undefined ? {} : { userId },
    attributes: { exclude: ['secretCiphertext'] },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map((row) => summarize(row, now));
}

/** Revokes a key for good. Unknown or already revoked: NotFoundError, so a typo is not silent. */
export async function revokeApiKey(
  models: Models,
  apiKey: string,
  now: Date = new Date(),
): Promise<void> {
  const [count] = await models.ApiKey.update(
    { revokedAt: now },
    { where: { keyId: apiKey, revokedAt: null } },
  );
  if (count === 0) {
    throw new NotFoundError('api key', apiKey, `api key ${apiKey} not found or already revoked`);
  }
}

/** Every signed request starts here: the `key_id` unique index. */
export const FIND_ACTIVE_API_KEY_SQL = `
  SELECT user_id, secret_ciphertext, actions, expires_at, last_used_at
    FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL AND expires_at > $2`;

export const MARK_API_KEY_USED_SQL = `
  UPDATE api_keys SET last_used_at = $2
   WHERE key_id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`;

interface ApiKeyRow {
  user_id: string;
  secret_ciphertext: string;
  actions: string[];
  expires_at: Date;
  last_used_at: Date | null;
}

/**
 * What the Caa middleware needs to check a signature: the key's user, secret and actions. Null
 * for a key that is unknown, revoked or expired at `now` (all three answer `404 apiKey not found`).
 * A secret that cannot be unsealed throws SecretBoxError: that is a wrong DATA_KEY or a damaged
 * row, a server fault that must not pass for "no such key".
 */
export async function findActiveApiKey(
  models: Models,
  secretBox: SecretBox,
  apiKey: string,
  now: Date = new Date(),
): Promise<ActiveApiKey | null> {
  if (!apiKeyPattern.test(apiKey)) return null;
  const [row] = await selectRows<ApiKeyRow>(models, FIND_ACTIVE_API_KEY_SQL, [apiKey, now]);
  if (!row) return null;
  return {
    userId: row.user_id,
    apiSecret: secretBox.open(row.secret_ciphertext),
    actions: row.actions,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * Records that a key was used (at most once a minute, see last-used.ts). Called only after the
 * signature has been verified, so that unsigned guesses cannot move it.
 */
export async function markApiKeyUsed(
  models: Models,
  apiKey: string,
  now: Date = new Date(),
): Promise<void> {
  await execute(models, MARK_API_KEY_USED_SQL, [
    apiKey,
    now,
    new Date(now.getTime() - LAST_USED_RESOLUTION_MS),
  ]);
}

function summarize(row: ApiKeyInstance, now: Date): ApiKeySummary {
  return {
    apiKey: row.keyId,
    userId: row.userId,
    actions: row.actions,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
    status: credentialStatus(row, now),
  };
}
