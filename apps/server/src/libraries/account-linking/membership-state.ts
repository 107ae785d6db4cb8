import type { MembershipInstance } from '../../store/models';

/** What a side of a pair holds, for the merge rules: nothing, a lapsed membership, or a live one. */
export type MembershipState = 'none' | 'expired' | 'valid';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's date (`YYYY-MM-DD`) in China Standard Time (UTC+8, no daylight saving): memberships are
 * sold in China and `expireDate` names the last day they cover there.
 */
export const chinaDate = (now: Date): string =>
  new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/**
 * A membership is live through its `expireDate` (inclusive). A row without an expiry date has
 * nothing left to use and counts as expired; `YYYY-MM-DD` strings compare correctly as text.
 */
export function membershipState(row: MembershipInstance | null, today: string): MembershipState {
  if (!row) return 'none';
  return row.expireDate !== null && row.expireDate >= today ? 'valid' : 'expired';
}
