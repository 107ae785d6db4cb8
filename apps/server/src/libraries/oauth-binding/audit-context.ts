import type { AuditEntry } from '../audit';

/** Who asks for a binding change and from where, for the audit row written with the change. */
export interface AuditContext {
  actor: AuditEntry['actor'];
  ip?: string;
  userAgent?: string;
}
