import type { WhereOptions } from 'sequelize';
import { Op } from 'sequelize';

/**
 * `last_used_at` is for people ("is this token still in use?"), not for accounting, so a minute's
 * resolution is plenty. Writing it at most once a minute spares a row update on every request
 * of a busy client.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The same test on a row already read: when it is fresh, the UPDATE (which would change nothing)
 * is not even sent. On a busy credential that saves a statement on nearly every request.
 */
export const lastUsedIsFresh = (lastUsedAt: Date | null, now: Date): boolean =>
  lastUsedAt !== null && lastUsedAt.getTime() >= now.getTime() - LAST_USED_RESOLUTION_MS;

/** A where-clause part: last_used_at is unset, or older than the resolution. */
export const lastUsedIsStale = (now: Date): WhereOptions<{ lastUsedAt: Date | null }> => ({
  [Op.or]: [
    { lastUsedAt: null },
    { lastUsedAt: { [Op.lt]: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
  ],
});
