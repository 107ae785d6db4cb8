import type { QueryOptions, Transaction } from 'sequelize';
import type { MigrationParams } from 'umzug';

/** What each migration is given: a query bound to the one transaction every migration runs in. */
export interface MigrationContext {
  query: (sql: string, options: QueryOptions & { transaction: Transaction }) => Promise<unknown>;
  transaction: Transaction;
}

export type MigrationFn = (params: MigrationParams<MigrationContext>) => Promise<void>;
