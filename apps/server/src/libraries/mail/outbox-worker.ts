import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { Logger } from '../../logger';
import type { SecretBox } from '../secret-box';
import type { MailTransport } from './mail-transport';
import { DEFAULT_SMTP_TIMEOUT_MS } from './mail-transport';
import { MAIL_KIND, openMailPayload } from './outbox';
import type { BackoffPolicy } from './retry-backoff';
import { DEFAULT_BACKOFF, retryDelayMs } from './retry-backoff';

export interface OutboxWorkerOptions {
  sequelize: Sequelize;
  logger: Logger;
  secretBox: SecretBox;
  transport: MailTransport;
  /** The domain of generated Message-IDs (the MAIL_FROM address's, by default `localhost`). */
  messageIdDomain?: string;
  /** How often to look for due mail when the last look found less than a full batch. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** After this many failed attempts a message is given up on (status `dead`). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /**
   * How long a claimed message is left alone by other workers. It must outlast one delivery
   * (connection, greeting and data deadlines of the transport); a worker that died mid-delivery
   * leaves its messages to be retried when the lease runs out.
   */
  leaseMs?: number;
  /**
   * Deliver only mail to these addresses. Parallel test files share one outbox table, and each
   * must deliver only its own mail to its own SMTP server; a deployment leaves this unset.
   */
  onlyRecipients?: string[];
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

export interface OutboxWorker {
  /** Starts polling in the background (idempotent). */
  start(): void;
  /** Stops polling and waits for the delivery in progress, if any, to finish. */
  stop(): Promise<void>;
  /** Claims the mail that is due now and tries to deliver each message once. */
  runOnce(): Promise<OutboxRunResult>;
}

interface ClaimedRow {
  id: string;
  payload: unknown;
  attempts: number;
}

const MAX_ERROR_LENGTH = 500;

/**
 * Delivers the mail outbox. Each round claims due `pending` rows in one statement: the rows are
 * picked `FOR UPDATE SKIP LOCKED` (so workers on several instances never pick the same row), and
 * the claim counts the attempt and moves `next_attempt_at` a lease ahead, so no other worker
 * takes the row while it is being sent (without holding a transaction open across SMTP). Then:
 * - accepted by the server: `sent`, and the sealed body is dropped;
 * - refused or unreachable: retried after an exponential backoff, `dead` after `maxAttempts`;
 * - a payload that cannot be opened (another DATA_KEY, say): `dead` at once, no retry can help.
 * Each update names the attempt it settles, so a worker whose lease ran out cannot overwrite the
 * outcome of the worker that took over. Times come from the database clock, shared by every
 * instance. A message is sent once, except when a worker dies between the server accepting it
 * and the row being marked: then it is sent again, with the same Message-ID.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const {
    sequelize,
    logger,
    secretBox,
    transport,
    messageIdDomain = 'localhost',
    pollIntervalMs = 2_000,
    batchSize = 10,
    maxAttempts = 8,
    backoff = DEFAULT_BACKOFF,
    leaseMs = DEFAULT_SMTP_TIMEOUT_MS * 4,
    onlyRecipients,
  } = options;

  async function claim(): Promise<ClaimedRow[]> {
    const scoped = onlyRecipients !== undefined;
    return sequelize.query<ClaimedRow>(
      `
      UPDATE outbox_messages
         SET attempts = attempts + 1,
             next_attempt_at = now() + :leaseMs * interval '1 millisecond'
       WHERE id IN (
             SELECT id FROM outbox_messages
              WHERE status = 'pending' AND kind = :kind AND next_attempt_at <= now()
                    ${scoped ? "AND payload->>'to' IN (:recipients)" : ''}
              ORDER BY next_attempt_at, id
              LIMIT :limit
                FOR UPDATE SKIP LOCKED)
   RETURNING id, payload, attempts
      `,
      {
        type: QueryTypes.SELECT,
        replacements: {
          leaseMs,
          kind: MAIL_KIND,
          limit: batchSize,
          // An empty IN () is a syntax error; an address no mail has matches nothing instead.
          recipients: scoped && onlyRecipients.length > 0 ? onlyRecipients : [''],
        },
      },
    );
  }

  async function markSent(row: ClaimedRow): Promise<void> {
    await sequelize.query(
      `UPDATE outbox_messages
          SET status = 'sent', sent_at = now(), last_error = NULL, payload = payload - 'body'
        WHERE id = :id AND attempts = :attempts AND status = 'pending'`,
      { replacements: { id: row.id, attempts: row.attempts } },
    );
  }

  async function markFailed(row: ClaimedRow, error: unknown, dead: boolean): Promise<number> {
    const delayMs = dead ? 0 : retryDelayMs(row.attempts, backoff);
    const message = (error instanceof Error ? error.message : String(error)).slice(
      0,
      MAX_ERROR_LENGTH,
    );
    await sequelize.query(
      `UPDATE outbox_messages
          SET status = :status, last_error = :message,
              next_attempt_at = now() + :delayMs * interval '1 millisecond'
        WHERE id = :id AND attempts = :attempts AND status = 'pending'`,
      {
        replacements: {
          id: row.id,
          attempts: row.attempts,
          status: dead ? 'dead' : 'pending',
          message,
          delayMs,
        },
      },
    );
    return delayMs;
  }

  async function deliver(row: ClaimedRow): Promise<'sent' | 'retried' | 'dead'> {
    const log = logger.child({ outboxId: row.id, attempt: row.attempts });
    let mail;
    try {
      mail = openMailPayload(secretBox, row.payload);
    } catch (error) {
      await markFailed(row, error, true);
      log.error({ err: error }, 'outbox mail cannot be read; given up');
      return 'dead';
    }
    try {
      await transport.send({ ...mail, messageId: `<outbox-${row.id}@${messageIdDomain}>` });
    } catch (error) {
      const dead = row.attempts >= maxAttempts;
      const retryInMs = await markFailed(row, error, dead);
      if (dead) {
        log.error({ err: error }, 'outbox mail failed for the last time; given up');
        return 'dead';
      }
      log.warn({ err: error, retryInMs }, 'outbox mail not delivered; will retry');
      return 'retried';
    }
    await markSent(row);
    log.info({ transport: transport.kind }, 'outbox mail delivered');
    return 'sent';
  }

  async function runOnce(): Promise<OutboxRunResult> {
    const rows = await claim();
    const result: OutboxRunResult = { claimed: rows.length, sent: 0, retried: 0, dead: 0 };
    // One at a time: mail volume is small, and one SMTP connection at a time is polite.
    for (const row of rows) {
      result[await deliver(row)] += 1;
    }
    return result;
  }

  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    timer = setTimeout(tick, delayMs);
    // Polling alone must not keep the process alive; shutdown stops it explicitly anyway.
    timer.unref();
  };

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    inFlight = (async () => {
      let fullBatch = false;
      try {
        fullBatch = (await runOnce()).claimed === batchSize;
      } catch (error) {
        // The database may be briefly away; the next round tries again.
        logger.error({ err: error }, 'outbox round failed');
      }
      inFlight = undefined;
      if (!stopped) schedule(fullBatch ? 0 : pollIntervalMs);
    })();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
    runOnce,
  };
}

/** The domain of a From header such as `wechat-bind <no-reply@example.com>`. */
export function mailDomainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}
