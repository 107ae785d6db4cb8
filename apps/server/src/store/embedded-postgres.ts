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
  /** Start from a copy of a database (PGlite's `dumpDataDir`) rather than an empty one. */
  loadDataDir?: Blob;
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
  loadDataDir,
}: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith('memory://')) {
    await fs.mkdir(dataDir, { recursive: true });
  }
  const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : undefined);
  keepExtendedQueriesWhole(db);
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

/** Frontend messages of an extended query that a Sync (`S`) must close: Parse, Bind, Describe, Execute, Close, Flush. */
const EXTENDED_QUERY_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket queues every connection's wire messages one by one and keeps to one connection
 * only while a transaction is open. PGlite being one session, concurrent connections could
 * otherwise interleave inside an extended query (Parse … Bind … Execute … Sync): another
 * connection's statement replaces or drops the unnamed statement ("unnamed prepared statement does
 * not exist"), or parameters get bound to someone else's statement. Reporting "in a transaction"
 * from the first message of an extended query until its Sync keeps the queue on that connection
 * until the query is whole.
 */
function keepExtendedQueriesWhole(db: PGlite): void {
  let midQuery = false;
  const isInTransaction = db.isInTransaction.bind(db);
  const execProtocolRawStream = db.execProtocolRawStream.bind(db);
  const exec = db.exec.bind(db);
  db.isInTransaction = () => midQuery || isInTransaction();
  db.execProtocolRawStream = (message, options) => {
    midQuery = EXTENDED_QUERY_MESSAGES.has(message[0] ?? 0);
    return execProtocolRawStream(message, options);
  };
  // pglite-socket's only direct exec is the ROLLBACK after a connection drops mid-transaction.
  db.exec = (...args) => {
    midQuery = false;
    return exec(...args);
  };
}
