import type { Sequelize } from 'sequelize';
import type { PooledClient } from './pooled-client';
import { acquireClient, releaseClient, sendStatement } from './pooled-client';

/** An open transaction of hand-written statements: pass it to selectRows and execute. */
export interface StatementTransaction {
  readonly connection: PooledClient;
}

/**
 * Runs `work` in a transaction on one client from Sequelize's pool, for hot paths whose every
 * statement is written by hand (selectRows, execute): BEGIN, the work, then COMMIT, or ROLLBACK
 * when the work throws, and the client goes back to the pool either way. Sequelize's own
 * `transaction()` sends BEGIN and COMMIT through its query pipeline and builds a Transaction
 * (a UUID, hooks, the acquire hooks again), about as much CPU as the statements themselves.
 *
 * Errors are Sequelize's (pooled-client.ts): a unique violation, at a statement or at COMMIT, is a
 * UniqueConstraintError, a deadlock a DatabaseError with SQLSTATE 40P01. A client whose ROLLBACK
 * failed may still hold the transaction open, so it is marked invalid and the pool destroys it.
 * Model calls must not be made with this transaction: they would run outside it.
 */
export async function statementTransaction<T>(
  sequelize: Sequelize,
  work: (transaction: StatementTransaction) => Promise<T>,
): Promise<T> {
  const connection = await acquireClient(sequelize);
  try {
    await sendStatement(sequelize, connection, 'BEGIN', []);
    let result: T;
    try {
      result = await work({ connection });
    } catch (error) {
      await sendStatement(sequelize, connection, 'ROLLBACK', []).catch(() => {
        connection._invalid = true;
      });
      throw error;
    }
    await sendStatement(sequelize, connection, 'COMMIT', []);
    return result;
  } finally {
    releaseClient(sequelize, connection);
  }
}
