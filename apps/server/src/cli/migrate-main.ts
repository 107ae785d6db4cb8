import { createSequelize } from '../store/database';
import { createMigrator } from '../store/migrator';
import { openDatabase } from '../store/open-database';
import { bootstrapCli } from './bootstrap';
import { runMigrateProgram } from './migrate-program';

/**
 * `npm run migrate [-- up|down|status]`. Only the database is opened (no Redis: migrations do
 * not need it); an embedded one in use by a running server is reached through its socket.
 */
async function main(): Promise<number> {
  const { config, logger } = bootstrapCli();
  const openMigrator = async () => {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDataDir: config.pgliteDataDir,
      logger,
      whenEmbeddedInUse: 'share',
    });
    const sequelize = createSequelize({ url: database.url, poolMax: 1, logger });
    return {
      migrator: createMigrator(sequelize, logger),
      async close() {
        await sequelize.close();
        await database.close();
      },
    };
  };
  return runMigrateProgram(
    {
      openMigrator,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    },
    process.argv.slice(2),
  );
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('error:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
