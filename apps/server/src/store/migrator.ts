import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { MigrateDownOptions, MigrateUpOptions, RunnableMigration, UmzugStorage } from 'umzug';
import { Umzug } from 'umzug';
import type { Logger } from '../logger';
import * as initialSchema from './migrations/0001-initial-schema';
import * as clientKeyKind from './migrations/0002-client-key-kind';
import * as wecomProvider from './migrations/0003-wecom-provider';
import * as avatars from './migrations/0004-avatars';
import * as miniprogramApps from './migrations/0005-miniprogram-apps';
import type { MigrationContext, MigrationFn } from './migrations/migration';

export type { MigrationContext, MigrationFn } from './migrations/migration';

interface MigrationModule {
  up: MigrationFn;
  down: MigrationFn;
}

/** In order. Listed here rather than globbed so that sources, builds and tests find the same set. */
const migrations: Array<[name: string, module: MigrationModule]> = [
  ['0001-initial-schema', initialSchema],
  ['0002-client-key-kind', clientKeyKind],
  ['0003-wecom-provider', wecomProvider],
  ['0004-avatars', avatars],
  ['0005-miniprogram-apps', miniprogramApps],
];

/** The names of every migration, in the order they apply. */
export const migrationNames: readonly string[] = migrations.map(([name]) => name);

/**
 * Any fixed 64-bit number, the same in every instance: the key of the advisory lock that lets one
 * migrator at a time read and change the schema.
 */
const MIGRATION_LOCK_KEY = '7395011226481507001';

const MIGRATIONS_TABLE = 'schema_migrations';

/** umzug's storage, writing through the migration's own transaction so the record commits with it. */
const transactionStorage: UmzugStorage<MigrationContext> = {
  async executed({ context }) {
    const rows = (await context.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`, {
      transaction: context.transaction,
      type: QueryTypes.SELECT,
    })) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  },
  async logMigration({ name, context }) {
    await context.query(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (:name)`, {
      transaction: context.transaction,
      replacements: { name },
    });
  },
  async unlogMigration({ name, context }) {
    await context.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name = :name`, {
      transaction: context.transaction,
      replacements: { name },
    });
  },
};

/**
 * umzug over Sequelize, recording applied migrations in `schema_migrations`.
 *
 * Every operation runs in one transaction that first takes a transaction-scoped advisory lock, so
 * that servers starting at once on an empty database migrate one after the other: the first
 * applies what is pending, the others wait, then find nothing left to do. The lock is
 * transaction-scoped (not session-scoped) because PgBouncer in transaction mode hands each
 * transaction a different server connection, where a session lock would be taken and released on
 * the wrong connection. PostgreSQL DDL is transactional, so a failed step leaves nothing applied.
 */
export function createMigrator(sequelize: Sequelize, logger: Logger) {
  const runnable: RunnableMigration<MigrationContext>[] = migrations.map(([name, module]) => ({
    name,
    up: module.up,
    down: module.down,
  }));
  const umzugLogger = {
    info: (event: Record<string, unknown>) => logger.info(event, 'migration'),
    warn: (event: Record<string, unknown>) => logger.warn(event, 'migration'),
    error: (event: Record<string, unknown>) => logger.error(event, 'migration'),
    debug: (event: Record<string, unknown>) => logger.debug(event, 'migration'),
  };

  const locked = <T>(operation: (umzug: Umzug<MigrationContext>) => Promise<T>): Promise<T> =>
    sequelize.transaction(async (transaction) => {
      const context: MigrationContext = {
        query: (sql, options) => sequelize.query(sql, options),
        transaction,
      };
      await sequelize.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`, { transaction });
      await sequelize.query(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name VARCHAR(255) NOT NULL PRIMARY KEY)`,
        { transaction },
      );
      const umzug = new Umzug<MigrationContext>({
        migrations: runnable,
        context,
        storage: transactionStorage,
        logger: umzugLogger,
      });
      return operation(umzug);
    });

  return {
    up: (options?: MigrateUpOptions) => locked((umzug) => umzug.up(options)),
    down: (options?: MigrateDownOptions) => locked((umzug) => umzug.down(options)),
    executed: () => locked((umzug) => umzug.executed()),
    pending: () => locked((umzug) => umzug.pending()),
  };
}

export type Migrator = ReturnType<typeof createMigrator>;
