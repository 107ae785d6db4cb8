import { createLogger } from '../../src/logger';
import { createSequelize } from '../../src/store/database';
import type { EmbeddedPostgres } from '../../src/store/embedded-postgres';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres';
import { createMigrator } from '../../src/store/migrator';

declare global {
  var __embeddedPostgres: EmbeddedPostgres[] | undefined;
}

/**
 * Runs once, in jest's parent process, before any worker. With DATABASE_URL set the tests use
 * that database (migrated here); without it, an in-memory PGlite is started and its URL handed to
 * the workers through the environment, plus a second, empty one for tests that need a database of
 * their own (migrations up and down).
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  if (!process.env.DATABASE_URL) {
    const main = await startEmbeddedPostgres({ dataDir: 'memory://' });
    const scratch = await startEmbeddedPostgres({ dataDir: 'memory://' });
    globalThis.__embeddedPostgres = [main, scratch];
    process.env.DATABASE_URL = main.url;
    process.env.TEST_SCRATCH_DATABASE_URL = scratch.url;
    process.env.TEST_DATABASE_EMBEDDED = '1';
  }
  const sequelize = createSequelize({ url: process.env.DATABASE_URL!, poolMax: 1, logger });
  try {
    await createMigrator(sequelize, logger).up();
  } finally {
    await sequelize.close();
  }
}
