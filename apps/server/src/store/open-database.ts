import fs from 'node:fs/promises';
import type { Logger } from '../logger';
import type { EmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedPostgres } from './embedded-postgres';

export type DatabaseMode = 'real' | 'embedded' | 'embedded-shared';

export interface OpenedDatabase {
  url: string;
  mode: DatabaseMode;
  close(): Promise<void>;
}

interface OwnerRecord {
  pid: number;
  url: string;
}

/** Beside the data directory, the process that serves it writes where to reach it. */
const ownerFileOf = (dataDir: string) => `${dataDir}.owner.json`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(dataDir: string): Promise<OwnerRecord | undefined> {
  try {
    const record = JSON.parse(await fs.readFile(ownerFileOf(dataDir), 'utf8')) as OwnerRecord;
    return record.pid !== process.pid && isAlive(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  pgliteDataDir: string;
  logger: Logger;
  /**
   * Embedded data files can be open in one process only. The server refuses to start when another
   * process has them; the CLI instead connects to that process's socket (`embedded-shared`).
   */
  whenEmbeddedInUse: 'fail' | 'share';
}

/**
 * The real PostgreSQL when DATABASE_URL is set; otherwise PGlite on the data directory, served on
 * a loopback port. The owner file lets `npm run cli` reach a running server's embedded database.
 */
export async function openDatabase({
  databaseUrl,
  pgliteDataDir,
  logger,
  whenEmbeddedInUse,
}: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (databaseUrl) {
    return { url: databaseUrl, mode: 'real', close: async () => undefined };
  }
  const owner = await readOwner(pgliteDataDir);
  if (owner) {
    if (whenEmbeddedInUse === 'share') {
      return { url: owner.url, mode: 'embedded-shared', close: async () => undefined };
    }
    throw new Error(
      `The embedded database at ${pgliteDataDir} is in use by process ${owner.pid}. ` +
        'Stop that process, or set DATABASE_URL (or PGLITE_DATA_DIR) to use another database.',
    );
  }
  logger.info({ dataDir: pgliteDataDir }, 'starting embedded PostgreSQL (PGlite)');
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: pgliteDataDir });
  const ownerFile = ownerFileOf(pgliteDataDir);
  await fs.writeFile(ownerFile, JSON.stringify({ pid: process.pid, url: embedded.url }));
  return {
    url: embedded.url,
    mode: 'embedded',
    async close() {
      await fs.rm(ownerFile, { force: true });
      await embedded.close();
    },
  };
}
