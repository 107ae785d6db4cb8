import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisClient } from '../redis/create-redis';
import { closedPort } from './closed-port';

export interface SharedRedis {
  /** A real Redis that several processes can share. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Redis for tests that start several server processes: the in-process stand-in cannot be
 * shared between processes. REDIS_URL when set (CI's real-services run); otherwise a throwaway
 * `redis-server` child on a free loopback port, without persistence. Fails with what to install
 * when neither is available, rather than passing without having shared anything.
 */
export async function startSharedRedis(): Promise<SharedRedis> {
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, stop: async () => undefined };
  }
  const binary = 'redis-server';
  if (spawnSync(binary, ['--version']).status !== 0) {
    throw new Error(
      'This test needs a real Redis shared by two server processes: set REDIS_URL, or install ' +
        'redis-server (apt-get install redis-server) so the test can start its own.',
    );
  }
  const port = await closedPort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}/0`;
  try {
    await waitForPing(url);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPing(url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const probe = createRedisClient(url, '');
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (attempt >= 50) throw new Error(`redis-server at ${url} did not start`, { cause: error });
      await sleep(100);
    } finally {
      probe.disconnect();
    }
  }
}
