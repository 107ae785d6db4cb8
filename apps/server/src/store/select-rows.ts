import type { Sequelize, Transaction } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { Models } from './models';

/** The connection a store's models were defined on, for statements written by hand. */
export const sequelizeOf = (store: Sequelize | Models): Sequelize =>
  'query' in store ? store : store.User.sequelize!;

/**
 * A read on a hot path, written by hand: bound parameters in, plain rows out, no model instances.
 * Building a statement through a model costs more CPU than PostgreSQL spends answering it
 * (docs/performance.md); the models stay for everything else. Pass the transaction inside one:
 * embedded PostgreSQL serves only the connection that holds an open transaction.
 */
export function selectRows<Row extends object>(
  store: Sequelize | Models,
  sql: string,
  bind: unknown[],
  transaction?: Transaction,
): Promise<Row[]> {
  return sequelizeOf(store).query<Row>(sql, { bind, type: QueryTypes.SELECT, transaction });
}
