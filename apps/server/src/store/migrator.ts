import type { QueryOptions, Sequelize, Transaction } from 'sequelize';
import type { MigrationParams, RunnableMigration } from 'umzug';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from '../logger';
import * as initialSchema from './migrations/0001-initial-schema';

export interface MigrationContext {
  query: (sql: string, options: QueryOptions & { transaction: Transaction }) => Promise<unknown>;
  transaction: Transaction;
}

export type MigrationFn = (params: MigrationParams<MigrationContext>) => Promise<void>;

interface MigrationModule {
  up: MigrationFn;
  down: MigrationFn;
}

/** In order. Listed here rather than globbed so that sources, builds and tests find the same set. */
const migrations: Array<[name: string, module: MigrationModule]> = [
  ['0001-initial-schema', initialSchema],
];

/**
 * umzug over Sequelize, recording applied migrations in `schema_migrations`. Each migration runs
 * in its own transaction (PostgreSQL DDL is transactional), so a failed step leaves nothing half
 * applied.
 */
export function createMigrator(sequelize: Sequelize, logger: Logger) {
  const inTransaction =
    (fn: MigrationFn) =>
    ({ name, path }: MigrationParams<unknown>) =>
      sequelize.transaction((transaction) =>
        fn({
          name,
          path,
          context: {
            query: (sql, options) => sequelize.query(sql, options),
            transaction,
          },
        }),
      );
  const runnable: RunnableMigration<unknown>[] = migrations.map(([name, module]) => ({
    name,
    up: inTransaction(module.up),
    down: inTransaction(module.down),
  }));
  return new Umzug({
    migrations: runnable,
    context: {},
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (event) => logger.info(event, 'migration'),
      warn: (event) => logger.warn(event, 'migration'),
      error: (event) => logger.error(event, 'migration'),
      debug: (event) => logger.debug(event, 'migration'),
    },
  });
}

export type Migrator = ReturnType<typeof createMigrator>;
