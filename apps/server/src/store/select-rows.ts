import type { Sequelize, Transaction } from 'sequelize';
import type { Models } from './models';
import { acquireClient, releaseClient, sendStatement } from './pooled-client';
import type { PooledClient } from './pooled-client';
import type { StatementTransaction } from './statement-transaction';

/** The connection a store's models were defined on, for statements written by hand. */
export const sequelizeOf = (store: Sequelize | Models): Sequelize =>
  'query' in store ? store : store.User.sequelize!;

/** A transaction whose connection a hand-written statement can join: Sequelize's or our own. */
export type OpenTransaction = Transaction | StatementTransaction;

/**
 * A statement on a hot path, written by hand: bound parameters in, plain rows out, no model
 * instances. Building a statement through a model costs more CPU than PostgreSQL spends answering
 * it (docs/performance.md); the models stay for everything else.
 *
 * The statement goes straight to a `pg` client: the transaction's own connection inside one (pass
 * it: embedded PostgreSQL serves only the connection that holds an open transaction), else a
 * client from Sequelize's pool. Sequelize's query pipeline (a stack trace captured per statement,
 * hooks, the bind parameters parsed back out of the SQL) costs about 30 µs a statement, more than
 * the rest of a light request. The client is the one Sequelize would have used, with its type
 * parsers, and failures are Sequelize's own errors (pooled-client.ts).
 */
export async function selectRows<Row extends object>(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: OpenTransaction,
): Promise<Row[]> {
  const sequelize = sequelizeOf(store);
  const held = (transaction as { connection?: PooledClient } | undefined)?.connection;
  if (held) return (await sendStatement(sequelize, held, sql, bind)) as Row[];
  const client = await acquireClient(sequelize);
  try {
    return (await sendStatement(sequelize, client, sql, bind)) as Row[];
  } finally {
    releaseClient(sequelize, client);
  }
}

/** A hand-written statement whose rows nobody reads: an INSERT, an UPDATE. */
export async function execute(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: OpenTransaction,
): Promise<void> {
  await selectRows(store, sql, bind, transaction);
}
