import { QueryTypes } from 'sequelize';
import type { PrivateDatabase } from '../support/private-database';
import { openPrivateDatabase } from '../support/private-database';
import { createLogger } from '../../src/logger';
import { sharePgBouncer } from '../support/instance-store';
import type { PgBouncer } from '../support/pgbouncer';
import { startPgBouncer } from '../support/pgbouncer';
import { createSequelize } from '../../src/store/database';
import { createMigrator, migrationNames } from '../../src/store/migrator';

/**
 * Production often puts PgBouncer in transaction mode before PostgreSQL: a session's state (a
 * session advisory lock, a prepared statement, a SET) does not survive from one transaction to the
 * next. Migrations and the store's writes must work through it.
 */
sharePgBouncer();

describe('two server instances on one store reached through PgBouncer', () => {
  // The two-instance suite, written for a direct connection, on two server processes whose
  // DATABASE_URL is PgBouncer in transaction mode: migrations at start, OAuth states, the
  // mini-program flow, signed binds, parallel binds racing on the store's constraints.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./two-instances.test');
});

// After the suite, whose own setting it replaces.
jest.setTimeout(180_000);

describe('PostgreSQL through PgBouncer in transaction mode', () => {
  let database: PrivateDatabase;
  let bouncer: PgBouncer;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    database = await openPrivateDatabase({ migrate: false });
    bouncer = await startPgBouncer(database.url);
  });
  afterAll(async () => {
    await bouncer?.stop();
    await database?.close();
  });

  it('migrates an empty database with four migrators at once, each migration applied once', async () => {
    const connections = Array.from({ length: 4 }, () =>
      createSequelize({ url: bouncer.url, poolMax: 2, logger }),
    );
    try {
      const applied = await Promise.all(
        connections.map((sequelize) => createMigrator(sequelize, logger).up()),
      );
      expect(
        applied
          .flat()
          .map((migration) => migration.name)
          .sort(),
      ).toEqual([...migrationNames].sort());
    } finally {
      await Promise.all(connections.map((sequelize) => sequelize.close()));
    }
  });

  it('keeps the store rules under parallel writes through the pool', async () => {
    const sequelize = createSequelize({ url: bouncer.url, poolMax: 8, logger });
    try {
      const mobile = `139${String(Date.now()).slice(-8)}`;
      // Twenty transactions race to give one mobile to twenty new users: the unique constraint
      // lets exactly one through, whichever server connection each transaction ran on.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          sequelize.transaction(async (transaction) => {
            await sequelize.query(
              `INSERT INTO users (id, name, mobile, created_at, updated_at)
               VALUES (gen_random_uuid(), $1, $2, now(), now())`,
              { bind: [`bouncer-${index}`, mobile], transaction },
            );
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [row] = await sequelize.query<{ count: string }>(
        'SELECT count(*)::text AS count FROM users WHERE mobile = $1',
        { bind: [mobile], type: QueryTypes.SELECT },
      );
      expect(row?.count).toBe('1');
    } finally {
      await sequelize.close();
    }
  });
});
