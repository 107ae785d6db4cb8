import type { Sequelize } from 'sequelize';
import type { Models } from '../store/models';
import type { OpenTransaction } from '../store/select-rows';
import { execute } from '../store/select-rows';

export interface AuditEntry {
  /** What happened, dotted: `wechat.bind`, `oauth.unbind`, `account.link`, `membership.merge`. */
  action: string;
  actor: {
    type: 'user' | 'api_key' | 'personal_access_token' | 'client_app' | 'system';
    id?: string;
  };
  subject?: { type: string; id: string };
  ip?: string;
  userAgent?: string;
  /** Anything that tells the story later; never secrets. */
  details?: Record<string, unknown>;
}

/**
 * Writes one audit row in the caller's transaction, so the row exists exactly when the change
 * it describes does.
 */
const RECORD_AUDIT_SQL = `
  INSERT INTO audit_events
         (action, actor_type, actor_id, subject_type, subject_id, ip, user_agent, details)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

export async function recordAudit(
  store: Sequelize | Models,
  entry: AuditEntry,
  transaction: OpenTransaction,
): Promise<void> {
  await execute(
    store,
    RECORD_AUDIT_SQL,
    [
      entry.action,
      entry.actor.type,
      entry.actor.id ?? null,
      entry.subject?.type ?? null,
      entry.subject?.id ?? null,
      entry.ip ?? null,
      entry.userAgent?.slice(0, 512) ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
    transaction,
  );
}
