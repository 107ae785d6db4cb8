import { Op } from 'sequelize';
import type { ClientAppKeyInstance, Models } from '../store/models';
import { selectRows } from '../store/select-rows';
import type { ClientAppKind } from '../store/models/client-app-key';
import { NotFoundError, ValidationError } from './errors';
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
 *
 * Each key has a kind (see ClientAppKind): `app` unless the operator says `server`, because a key
 * that ends up inside a client binary must not be able to vouch for more than its user proves.
 */

export type { ClientAppKind };
export const CLIENT_APP_KINDS: readonly ClientAppKind[] = ['server', 'app'];

const PREFIX = 'wbk_';
const keyPattern = /^wbk_[A-Za-z0-9_-]{43}$/;

export interface CreatedClientAppKey {
  id: string;
  /** Shown once; only its hash is kept. */
  key: string;
}

/** A key that authenticated: which client app, and how far it is trusted. */
export interface AuthenticatedClientApp {
  id: string;
  kind: ClientAppKind;
}

export interface ClientAppKeySummary {
  id: string;
  name: string;
  kind: ClientAppKind;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: CredentialStatus;
}

export async function createClientAppKey(
  models: Models,
  { name, kind = 'app', now = new Date() }: { name: string; kind?: ClientAppKind; now?: Date },
): Promise<CreatedClientAppKey> {
  const label = requireLabel('name', name);
  if (!CLIENT_APP_KINDS.includes(kind)) {
    throw new ValidationError('kind', 'A client key kind is server or app.');
  }
  const key = PREFIX + randomToken(32);
  const row = await models.ClientAppKey.create({
    name: label,
    kind,
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

/** Every request of 04 starts here: the `key_hash` unique index. */
export const AUTHENTICATE_CLIENT_APP_KEY_SQL =
  'SELECT id, kind, last_used_at FROM client_app_keys WHERE key_hash = $1 AND revoked_at IS NULL';

/** The client app of the active key presented, or null (malformed, unknown or revoked). */
export async function authenticateClientAppKey(
  models: Models,
  key: string,
  now: Date = new Date(),
): Promise<AuthenticatedClientApp | null> {
  if (!keyPattern.test(key)) return null;
  const [row] = await selectRows<{ id: string; kind: ClientAppKind; last_used_at: Date | null }>(
    models,
    AUTHENTICATE_CLIENT_APP_KEY_SQL,
    [sha256Hex(key)],
  );
  if (!row) return null;
  const authenticated = { id: row.id, kind: row.kind };
  if (lastUsedIsFresh(row.last_used_at, now)) return authenticated;
  await models.ClientAppKey.update(
    { lastUsedAt: now },
    { where: { [Op.and]: [{ id: row.id }, lastUsedIsStale(now)] } },
  );
  return authenticated;
}

function summarize(row: ClientAppKeyInstance, now: Date): ClientAppKeySummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
    status: credentialStatus({ revokedAt: row.revokedAt, expiresAt: null }, now),
  };
}
