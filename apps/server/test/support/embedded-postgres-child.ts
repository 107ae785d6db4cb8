import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres';

/**
 * A freshly initialised cluster, kept between runs: creating one (initdb) takes seconds, loading
 * a copy well under one. Keyed by the PGlite version, whose data format the copy is in.
 */
async function emptyCluster(): Promise<Blob> {
  const serverPackage = JSON.parse(
    await fs.readFile(path.resolve(__dirname, '../../package.json'), 'utf8'),
  ) as { dependencies: Record<string, string> };
  const version = serverPackage.dependencies['@electric-sql/pglite'];
  const cacheFile = path.join(os.tmpdir(), `wechat-bind-pglite-${version}-empty.tar.gz`);
  try {
    return new Blob([await fs.readFile(cacheFile)]);
  } catch {
    const fresh = await PGlite.create('memory://');
    const dump = await fresh.dumpDataDir('gzip');
    await fresh.close();
    // Written aside and renamed, so a parallel reader never sees half a file.
    const partial = `${cacheFile}.${process.pid}`;
    await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await fs.rename(partial, cacheFile);
    return dump;
  }
}

/**
 * Run by private-database.ts in a child process (PGlite cannot start inside a jest worker): an
 * in-memory PostgreSQL of one test file's own. Prints its URL, and ends when the parent closes
 * its stdin, so a worker that dies takes its database with it.
 */
async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres({
    dataDir: 'memory://',
    loadDataDir: await emptyCluster(),
  });
  process.stdout.write(`${embedded.url}\n`);
  const stop = () => {
    embedded.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
