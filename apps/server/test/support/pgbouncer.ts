import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPort } from './closed-port';

export interface PgBouncer {
  /** The same database as the target URL, reached through PgBouncer. */
  url: string;
  stop(): Promise<void>;
}

const PGBOUNCER = process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * PgBouncer in transaction pooling mode in front of `targetUrl`, on a free loopback port: each
 * transaction (or statement outside one) may run on a different server connection, as in the
 * deployments that put PgBouncer before PostgreSQL. Trust auth, as the test servers use. PgBouncer
 * refuses to run as root, so as root it switches to the `postgres` user.
 */
export async function startPgBouncer(targetUrl: string): Promise<PgBouncer> {
  if (spawnSync(PGBOUNCER, ['--version']).status !== 0) {
    throw new Error(
      `This test runs PostgreSQL through PgBouncer, and ${PGBOUNCER} does not run: install it ` +
        '(apt-get install pgbouncer) or set PGBOUNCER_BIN.',
    );
  }
  const target = new URL(targetUrl);
  const database = target.pathname.slice(1) || 'postgres';
  const user = decodeURIComponent(target.username || 'postgres');
  const port = await closedPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-pgbouncer-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir =`,
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 8',
      'max_client_conn = 200',
      // The server's pg client sends these at connect; PgBouncer must not refuse them.
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  const child = spawn(
    PGBOUNCER,
    [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${stderr}`);
    if (await accepts(port)) break;
    if (attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not listen on port ${port}: ${stderr}`);
    }
    await sleep(50);
  }
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
