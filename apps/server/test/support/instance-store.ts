import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPrivateDatabase } from './private-database';
import { startPgBouncer } from './pgbouncer';
import { createScratchDatabase } from './scratch-database';
import { isEmbeddedDatabase } from './test-context';

/**
 * One PostgreSQL for several server processes started by a test, apart from the shared test
 * database: each server runs the mail outbox worker, which would claim mail other test files are
 * checking (and, under another DATA_KEY, bury it). On a real server it is a scratch database (the
 * first server migrates it). In embedded runs the first server starts a PGlite of its own, as
 * `npm start` does, and the others join it through the socket its owner file names.
 */
export interface InstanceStore {
  /** Settings for every server. */
  env: Record<string, string>;
  /** Settings for the first server, over `env`. */
  firstEnv: Record<string, string>;
  /** Once the first server listens: the URL every other server, and the test, connects to. */
  url(): Promise<string>;
  /** After the servers have stopped. */
  close(): Promise<void>;
}

let throughPgBouncer = false;

/**
 * Called at the top of a test file (before the suites it requires run): the stores that file opens
 * are reached through PgBouncer in transaction mode, in front of an empty database of the file's
 * own (the first server migrates it through the pool).
 */
export function sharePgBouncer(): void {
  throughPgBouncer = true;
}

export async function openInstanceStore(): Promise<InstanceStore> {
  if (throughPgBouncer) {
    const database = await openPrivateDatabase({ migrate: false });
    const bouncer = await startPgBouncer(database.url);
    return {
      // Transaction mode before 1.21 hands each transaction whichever server session is free, so
      // a statement prepared in one is unknown in the next.
      env: { DATABASE_PREPARED_STATEMENTS: 'false' },
      firstEnv: { DATABASE_URL: bouncer.url },
      url: async () => bouncer.url,
      async close() {
        await bouncer.stop();
        await database.close();
      },
    };
  }
  if (!isEmbeddedDatabase()) {
    const scratch = await createScratchDatabase();
    return {
      env: {},
      firstEnv: { DATABASE_URL: scratch.url },
      url: async () => scratch.url,
      close: () => scratch.drop(),
    };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-instances-'));
  const dataDir = path.join(root, 'pglite');
  return {
    env: {},
    firstEnv: { PGLITE_DATA_DIR: dataDir },
    async url() {
      const owner = JSON.parse(await fs.promises.readFile(`${dataDir}.owner.json`, 'utf8'));
      return (owner as { url: string }).url;
    },
    close: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
