/**
 * Embedded PostgreSQL for a benchmark run without DATABASE_URL: one in-memory PGlite, migrated,
 * served on a loopback port in a process of its own, so that the server under test and the
 * baseline use the same database and neither one's memory figure includes it. Prints
 * `DATABASE_URL=<url>` once ready.
 */
import {
  createLogger,
  createMigrator,
  createSequelize,
  startEmbeddedPostgres,
} from '@wechat-bind/server/testing';

async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://', maxConnections: 64 });
  const sequelize = createSequelize({ url: embedded.url, poolMax: 1, logger });
  await createMigrator(sequelize, logger).up();
  await sequelize.close();
  console.log(`DATABASE_URL=${embedded.url}`);
  process.once('SIGTERM', () => {
    embedded.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
