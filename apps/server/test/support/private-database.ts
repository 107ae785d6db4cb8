import { spawn } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { createSequelize } from '../../src/store/database';
import { createMigrator } from '../../src/store/migrator';
import { createScratchDatabase } from './scratch-database';
import { isEmbeddedDatabase } from './test-context';

export interface PrivateDatabase {
  /** A migrated (unless asked otherwise), otherwise empty database that no other test file touches. */
  url: string;
  close(): Promise<void>;
}

const serverRoot = path.resolve(__dirname, '../..');

/** An in-memory PGlite in a child process; resolves when it prints its URL. */
async function spawnEmbedded(): Promise<PrivateDatabase> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', path.join(__dirname, 'embedded-postgres-child.ts')],
    { cwd: serverRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /postgres:\/\/\S+/.exec(output);
      if (match) resolve(match[0]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited (${code}):\n${output}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}

/**
 * A database of the calling test file's own, for tests that must count every row (nothing else
 * may write there) or cut the connection to it (no other test may be using it): a new database on
 * the real server when DATABASE_URL points at one, else an in-memory PGlite in a child process.
 */
export async function openPrivateDatabase({ migrate = true } = {}): Promise<PrivateDatabase> {
  const database = isEmbeddedDatabase()
    ? await spawnEmbedded()
    : await createScratchDatabase().then((scratch) => ({ url: scratch.url, close: scratch.drop }));
  if (!migrate) return database;
  const sequelize = createSequelize({
    url: database.url,
    poolMax: 1,
    logger: createLogger({ level: 'silent' }),
  });
  try {
    await createMigrator(sequelize, createLogger({ level: 'silent' })).up();
  } catch (error) {
    await sequelize.close();
    await database.close();
    throw error;
  }
  await sequelize.close();
  return database;
}
