import { Op } from 'sequelize';
import type { ClientAppKeyInstance, Models } from '../store/models';
import { NotFoundError } from './errors';
import { isUuid } from './ids';
import type { CredentialStatus } from './input-rules';
import { credentialStatus, requireLabel } from './input-rules';
import { lastUsedIsFresh, lastUsedIsStale } from './last-used';
import { randomToken, sha256Hex } from './token-hash';

/**
 * Keys for trusted app clients of /account/wx* (`Authorization: Bearer <key>`), which is what makes
 * their `X-Union-Id` header believable. The key is 32 random bytes behind a `wbk_` prefix (so a
 * leaked one is recognisable in logs and secret scanners); only SHA-256(key) is stored, and it is
 * the lookup column: a hash of a high-entropy key leaks nothing through an index lookup's timing.
 */

const PREFIX = 'wbk_';
const keyPattern = /^wbk_[A-Za-z0-9_-]{43}$/;

export interface CreatedClientAppKey {
  id: string;
  /** Shown once; only its hash is kept. */
  key: string;
}

export interface ClientAppKeySummary {
  id: string;
  name: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: CredentialStatus;
}

export async function createClientAppKey(
  models: Models,
  { name, now = new Date() }: { name: string; now?: Date },
): Promise<CreatedClientAppKey> {
  const label = requireLabel('name', name);
  const key = PREFIX + randomToken(32);
  const row = await models.ClientAppKey.create({
    name: label,
    keyHash: sha256Hex(key),
    createdAt: now,
  });
  return { id: row.id, key };
}

/** Every client key, newest first, without hashes. */
export async function listClientAppKeys(
  models: Models,
  { now = new Date() }: { now?: Date } = {},
): Promise<ClientAppKeySummary[]> {
  const rows = await models.ClientAppKey.findAll({
    attributes: { exclude: ['keyHash'] },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map((row) => summarize(row, now));
}

/** Revokes a key for good. Unknown or already revoked: NotFoundError. */
export async function revokeClientAppKey(
  models: Models,
  id: string,
  now: Date = new Date(),
): Promise<void> {
  const [count] = isUuid(id)
    ? await models.ClientAppKey.update({ revokedAt: now }, { where: { id, revokedAt: null } })
    : [0];
  if (count === 0) {
    throw new NotFoundError('client key', id, `client key ${id} not found or already revoked`);
  }
}

/** The id of the active key presented, or null (malformed, unknown or revoked). */
export async function authenticateClientAppKey(
  models: Models,
  key: string,
  now: Date = new Date(),
): Promise<string | null> {
  if (!keyPattern.test(key)) return null;
  const row = await models.ClientAppKey.findOne({
    where: { keyHash: sha256Hex(key), revokedAt: null },
  });
  if (!row) return null;
  if (lastUsedIsFresh(row.lastUsedAt, now)) return row.id;
  await models.ClientAppKey.update(
    { lastUsedAt: now },
    { where: { [Op.and]: [{ id: row.id }, lastUsedIsStale(now)] } },
  );
  return row.id;
}

function summarize(row: ClientAppKeyInstance, now: Date): ClientAppKeySummary {
  return {
    id: row.id,
    name: row.name,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
    status: credentialStatus({ revokedAt: row.revokedAt, expiresAt: null }, now),
  };
}
