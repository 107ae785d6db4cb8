import type { Transaction } from 'sequelize';
import type { Models } from '../store/models';

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
export async function recordAudit(
  models: Models,
  entry: AuditEntry,
  transaction: Transaction,
): Promise<void> {
  await models.AuditEvent.create(
    {
      action: entry.action,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 512) ?? null,
      details: entry.details ?? {},
    },
    { transaction },
  );
}
