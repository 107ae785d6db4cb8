import type { Sequelize } from 'sequelize';
import { BaseError, ConnectionAcquireTimeoutError, ConnectionError } from 'sequelize';
import { statementNameFor } from './statement-names';

/** A pooled `pg` client, as Sequelize's connection manager hands it out. */
export interface PooledClient {
  query(statement: { text: string; values: unknown[]; name?: string }): Promise<{ rows: object[] }>;
  /** Set on a client that must not be used again: the pool destroys it when it comes back. */
  _invalid?: boolean;
}

interface ConnectionManager {
  getConnection(): Promise<PooledClient>;
  /** sequelize-pool's pool, which getConnection asks in the end. */
  pool: { acquire(): Promise<PooledClient>; release(connection: PooledClient): void };
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

const managerOf = (sequelize: Sequelize) =>
  (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;

/**
 * A client from Sequelize's pool. Sequelize's getConnection first learns the server's version
 * (once, on its first connection), then runs the before- and after-acquire hooks, awaiting each:
 * three promises a statement for hooks this app never registers. Once the version is known the
 * pool is asked directly, and its refusals become the errors getConnection would have thrown: a
 * wait past `pool.acquire` is a ConnectionAcquireTimeoutError, anything else a ConnectionError
 * (both answered 503), a failed connect already is one.
 */
export function acquireClient(sequelize: Sequelize): Promise<PooledClient> {
  const manager = managerOf(sequelize);
  const { databaseVersion } = (sequelize as unknown as { options: { databaseVersion: unknown } })
    .options;
  if (databaseVersion === 0) return manager.getConnection();
  return manager.pool.acquire().catch((error: unknown) => {
    if (error instanceof BaseError) throw error;
    // sequelize-pool's TimeoutError, which it does not export under a name of its own.
    if (error instanceof Error && error.constructor.name === 'TimeoutError') {
      throw new ConnectionAcquireTimeoutError(error);
    }
    throw new ConnectionError(error as Error);
  });
}

/**
 * Gives the client back to the pool (which destroys it if it was marked invalid). Straight to the
 * pool, as acquireClient takes it: Sequelize's releaseConnection adds only a debug call, which
 * looks up whether its namespace is enabled on every statement.
 */
export function releaseClient(sequelize: Sequelize, client: PooledClient): void {
  managerOf(sequelize).pool.release(client);
}

/**
 * Sends one statement on the client and answers its rows. A failure is translated by Sequelize's
 * own rules (UniqueConstraintError, DatabaseError...), so callers see the errors a model would
 * have thrown; the SQL log (debug level) shows each statement as it shows Sequelize's own. Where
 * the store names its statements (statement-names.ts), the client prepares each text once.
 */
export function sendStatement(
  sequelize: Sequelize,
  client: PooledClient,
  sql: string,
  bind: unknown[],
): Promise<object[]> {
  const { logging } = (sequelize as unknown as { options: { logging?: unknown } }).options;
  if (typeof logging === 'function') logging(`Executing (default): ${sql}`);
  // Without bound values (BEGIN, COMMIT) a statement goes by the simple protocol, unnamed.
  const name = bind.length > 0 ? statementNameFor(sequelize, sql) : undefined;
  return client.query({ name, text: sql, values: bind }).then(
    (result) => result.rows,
    (error: unknown) => {
      // As Sequelize does: a reset connection goes back to the pool only to be thrown away.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') client._invalid = true;
      const Query = (sequelize as unknown as { dialect: { Query: DialectQueryClass } }).dialect
        .Query;
      throw new Query(client, sequelize, {}).formatError(error as Error);
    },
  );
}
