import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import fs from 'node:fs/promises';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** A directory for the data files, or `memory://` for a throwaway database. */
  dataDir: string;
  port?: number;
  maxConnections?: number;
}

/**
 * PostgreSQL for zero-setup runs: PGlite (Postgres compiled to WebAssembly) served over the
 * PostgreSQL wire protocol on a loopback port, so Sequelize talks to it through `pg` exactly as
 * it talks to a real server. PGlite is a single session: the socket server queues statements
 * and keeps an open transaction to the connection that began it, which is why every query
 * inside a transaction must be given that transaction.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port = 0,
  maxConnections = 32,
}: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith('memory://')) {
    await fs.mkdir(dataDir, { recursive: true });
  }
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [, actualPort] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
