import { ValidationError } from './errors';

/**
 * Input checks shared by the credential libraries. They throw ValidationError naming the field,
 * so the CLI can say exactly which argument is wrong.
 */

const MAX_LABEL_LENGTH = 100;
/** Ten years: a longer lifetime is almost certainly a typo (days taken for seconds, say). */
export const MAX_TTL_DAYS = 3650;

/** A human label (a token's or key's name): trimmed, not empty, not absurdly long. */
export function requireLabel(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new ValidationError(field, `${field} must not be empty`);
  if (trimmed.length > MAX_LABEL_LENGTH) {
    throw new ValidationError(field, `${field} must be at most ${MAX_LABEL_LENGTH} characters`);
  }
  return trimmed;
}

/** A lifetime in whole days, 1 to MAX_TTL_DAYS. */
export function requireTtlDays(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_TTL_DAYS) {
    throw new ValidationError(
      field,
      `${field} must be a whole number of days from 1 to ${MAX_TTL_DAYS}`,
    );
  }
  return value;
}

export const addDays = (from: Date, days: number): Date =>
  new Date(from.getTime() + days * 24 * 60 * 60 * 1000);

export type CredentialStatus = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired: it is the deliberate act, and the one worth reporting. */
export function credentialStatus(
  row: { revokedAt: Date | null; expiresAt: Date | null },
  now: Date,
): CredentialStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
