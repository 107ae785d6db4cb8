import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { createLogger } from '../logger';
import type { ScratchDatabase } from '../../test/support/scratch-database';
import { createScratchDatabase } from '../../test/support/scratch-database';
import { createSequelize } from './database';
import { createMigrator, migrationNames } from './migrator';

const tables = [
  'api_keys',
  'audit_events',
  'avatars',
  'client_app_keys',
  'email_verifications',
  'external_accounts',
  'external_openids',
  'membership_backups',
  'memberships',
  'miniprogram_apps',
  'outbox_messages',
  'personal_access_tokens',
  'users',
];

async function tableNames(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ name: string }>(
    `SELECT table_name::text AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  let scratch: ScratchDatabase;
  let sequelize: Sequelize;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    sequelize = createSequelize({ url: scratch.url, poolMax: 2, logger });
  });
  afterAll(async () => {
    await sequelize.close();
    await scratch.drop();
  });

  it('go up, down to nothing, and up again', async () => {
    const migrator = createMigrator(sequelize, logger);
    await migrator.up();
    expect(await tableNames(sequelize)).toEqual(tables);
    expect((await migrator.executed()).map((m) => m.name)).toEqual(migrationNames);
    expect(await migrator.pending()).toEqual([]);

    await migrator.down({ to: 0 });
    expect(await tableNames(sequelize)).toEqual([]);
    expect(await migrator.executed()).toEqual([]);

    await migrator.up();
    expect(await tableNames(sequelize)).toEqual(tables);
  });

  it('running up again changes nothing', async () => {
    const migrator = createMigrator(sequelize, logger);
    expect(await migrator.up()).toEqual([]);
  });
});
