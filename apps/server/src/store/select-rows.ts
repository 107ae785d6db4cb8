import type { Sequelize, Transaction } from 'sequelize';
import { BaseError, ConnectionAcquireTimeoutError, ConnectionError } from 'sequelize';
import type { Models } from './models';

/** The connection a store's models were defined on, for statements written by hand. */
export const sequelizeOf = (store: Sequelize | Models): Sequelize =>
  'query' in store ? store : store.User.sequelize!;

/** A pooled `pg` client, as Sequelize's connection manager hands it out. */
interface PooledClient {
  query(sql: string, values: unknown[]): Promise<{ rows: object[] }>;
  _invalid?: boolean;
}

interface ConnectionManager {
  getConnection(): Promise<PooledClient>;
  releaseConnection(connection: PooledClient): void;
  /** sequelize-pool's pool, which getConnection asks in the end. */
  pool: { acquire(): Promise<PooledClient> };
}

/** Sequelize's own translation of a driver error (UniqueConstraintError, ConnectionError...). */
interface DialectQuery {
  formatError(error: Error): Error;
}
type DialectQueryClass = new (
  connection: unknown,
  sequelize: Sequelize,
  options: object,
) => DialectQuery;

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
 * parsers; a failure is translated by Sequelize's own rules (UniqueConstraintError,
 * DatabaseError...), so callers see the same rows and errors; the SQL log (debug level) shows
 * each statement as it shows Sequelize's own.
 */
export async function selectRows<Row extends object>(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: Transaction,
): Promise<Row[]> {
  const sequelize = sequelizeOf(store);
  logStatement(sequelize, sql);
  const held = (transaction as unknown as { connection?: PooledClient } | undefined)?.connection;
  if (held) return (await send(sequelize, held, sql, bind)) as Row[];
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager })
    .connectionManager;
  const connection = await pooledClient(sequelize, manager);
  try {
    return (await send(sequelize, connection, sql, bind)) as Row[];
  } finally {
    manager.releaseConnection(connection);
  }
}

/** A hand-written statement whose rows nobody reads: an INSERT, an UPDATE. */
export async function execute(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: Transaction,
): Promise<void> {
  await selectRows(store, sql, bind, transaction);
}

/**
 * A client from Sequelize's pool. Sequelize's getConnection first learns the server's version
 * (once, on its first connection), then runs the before- and after-acquire hooks, awaiting each:
 * three promises a statement for hooks this app never registers. Once the version is known the
 * pool is asked directly, and its refusals become the errors getConnection would have thrown: a
 * wait past `pool.acquire` is a ConnectionAcquireTimeoutError, anything else a ConnectionError
 * (both answered 503), a failed connect already is one.
 */
async function pooledClient(
  sequelize: Sequelize,
  manager: ConnectionManager,
): Promise<PooledClient> {
  const { databaseVersion } = (sequelize as unknown as { options: { databaseVersion: unknown } })
    .options;
  if (databaseVersion === 0) return manager.getConnection();
  try {
    return await manager.pool.acquire();
  } catch (error) {
    if (error instanceof BaseError) throw error;
    // sequelize-pool's TimeoutError, which it does not export under a name of its own.
    if (error instanceof Error && error.constructor.name === 'TimeoutError') {
      throw new ConnectionAcquireTimeoutError(error);
    }
    throw new ConnectionError(error as Error);
  }
}

function logStatement(sequelize: Sequelize, sql: string): void {
  const { logging } = (sequelize as unknown as { options: { logging?: unknown } }).options;
  if (typeof logging === 'function') logging(`Executing (default): ${sql}`);
}

async function send(
  sequelize: Sequelize,
  connection: PooledClient,
  sql: string,
  bind: unknown[],
): Promise<object[]> {
  try {
    return (await connection.query(sql, bind)).rows;
  } catch (error) {
    // As Sequelize does: a reset connection goes back to the pool only to be thrown away.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') connection._invalid = true;
    const Query = (sequelize as unknown as { dialect: { Query: DialectQueryClass } }).dialect.Query;
    throw new Query(connection, sequelize, {}).formatError(error as Error);
  }
}
