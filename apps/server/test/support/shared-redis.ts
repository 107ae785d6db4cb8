import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisClient } from '../../src/redis/create-redis';
import { closedPort } from './closed-port';
import { startRedisCluster, startRedisSentinel } from './redis-topologies';

export interface SharedRedis {
  /** The settings that point a server at it: REDIS_URL, or a Cluster's or Sentinel setup's. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

type Topology = 'one server' | 'cluster' | 'sentinel';
let topologyOfThisFile: Topology = 'one server';

/**
 * Makes startSharedRedis() start a Redis Cluster or a Sentinel setup of its own instead, so a test
 * file can run a suite written for one Redis on another topology: call it before the suite is
 * loaded. Jest loads modules afresh for each test file, so the choice stays in the file that made
 * it.
 */
export function shareRedisTopology(topology: Topology): void {
  topologyOfThisFile = topology;
}

/** Which topology startSharedRedis() starts in this test file. */
export const sharedRedisTopology = (): Topology => topologyOfThisFile;

/**
 * A real Redis for tests that start several server processes: the in-process stand-in cannot be
 * shared between processes. REDIS_URL when set (CI's real-services run); otherwise a throwaway
 * `redis-server` child on a free loopback port, without persistence. Fails with what to install
 * when neither is available, rather than passing without having shared anything.
 */
export async function startSharedRedis(): Promise<SharedRedis> {
  if (topologyOfThisFile === 'cluster') return startRedisCluster();
  if (topologyOfThisFile === 'sentinel') return startRedisSentinel();
  if (process.env.REDIS_URL) {
    return { env: { REDIS_URL: process.env.REDIS_URL }, stop: async () => undefined };
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
    env: { REDIS_URL: url },
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
