import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database of a test's own. On a real server: a new database, dropped afterwards. In
 * embedded runs: the second PGlite that globalSetup started (one test file at a time uses it).
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const embeddedScratch = process.env.TEST_SCRATCH_DATABASE_URL;
  if (embeddedScratch) {
    return { url: embeddedScratch, drop: async () => undefined };
  }
  const adminUrl = new URL(process.env.DATABASE_URL!);
  const name = `wechat_bind_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
