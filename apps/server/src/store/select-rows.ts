import type { Sequelize, Transaction } from 'sequelize';
import { QueryTypes } from 'sequelize';
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
 * A read on a hot path, written by hand: bound parameters in, plain rows out, no model instances.
 * Building a statement through a model costs more CPU than PostgreSQL spends answering it
 * (docs/performance.md); the models stay for everything else. Pass the transaction inside one:
 * embedded PostgreSQL serves only the connection that holds an open transaction.
 *
 * Outside a transaction the statement goes straight to a pooled `pg` client: Sequelize's query
 * pipeline (a stack trace captured per statement, hooks, the bind parameters parsed back out of
 * the SQL) costs about 30 µs a statement, more than the rest of a light request. The client is the one Sequelize would have used, with its type parsers, and a
 * failure is translated by Sequelize's own rules, so callers see the same rows and errors.
 */
export function selectRows<Row extends object>(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: Transaction,
): Promise<Row[]> {
  const sequelize = sequelizeOf(store);
  if (transaction) {
    return sequelize.query<Row>(sql, { bind, type: QueryTypes.SELECT, transaction });
  }
  return queryPooled<Row>(sequelize, sql, bind);
}

async function queryPooled<Row extends object>(
  sequelize: Sequelize,
  sql: string,
  bind: unknown[],
): Promise<Row[]> {
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager })
    .connectionManager;
  // SQL logging (debug level) sees these statements as it sees Sequelize's own.
  const { logging } = (sequelize as unknown as { options: { logging?: unknown } }).options;
  if (typeof logging === 'function') logging(`Executing (default): ${sql}`);
  const connection = await manager.getConnection();
  try {
    return (await connection.query(sql, bind)).rows as Row[];
  } catch (error) {
    // As Sequelize does: a reset connection goes back to the pool only to be thrown away.
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') connection._invalid = true;
    const Query = (sequelize as unknown as { dialect: { Query: DialectQueryClass } }).dialect.Query;
    throw new Query(connection, sequelize, {}).formatError(error as Error);
  } finally {
    manager.releaseConnection(connection);
  }
}
