import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { withTimeout } from '../store/database';

export interface OutboxBacklog {
  /** Rows per status, without `sent` (which only grows and is not backlog). */
  byStatus: Record<'pending' | 'dead', number>;
  /** Age of the oldest pending row in seconds, 0 when none is pending. */
  oldestPendingSeconds: number;
}

interface Row {
  status: 'pending' | 'dead';
  count: number;
  oldest: number | string | null;
}

/**
 * Reads the mail outbox's backlog: what is waiting to be sent, what was given up on, and how long
 * the oldest message has waited (a stuck worker shows as a growing age). Bounded in time, so a
 * scrape never hangs on a database that went away.
 */
export async function readOutboxBacklog(
  sequelize: Sequelize,
  timeoutMs = 2_000,
): Promise<OutboxBacklog> {
  const rows = await withTimeout(
    sequelize.query<Row>(
      `SELECT status, count(*)::int AS count,
              extract(epoch FROM now() - min(created_at)) AS oldest
         FROM outbox_messages
        WHERE status IN ('pending', 'dead')
        GROUP BY status`,
      { type: QueryTypes.SELECT },
    ),
    timeoutMs,
    'the outbox backlog query',
  );
  const backlog: OutboxBacklog = { byStatus: { pending: 0, dead: 0 }, oldestPendingSeconds: 0 };
  for (const row of rows) {
    backlog.byStatus[row.status] = Number(row.count);
    if (row.status === 'pending') backlog.oldestPendingSeconds = Math.max(0, Number(row.oldest));
  }
  return backlog;
}
