import Redis, { Cluster } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { RedisTopology } from './redis-settings';
import { redactUrl, redisTargetName } from './redis-settings';

export type { Redis };
export { redactUrl };

export interface CreateRedisOptions {
  /** One Redis by URL: a shorthand for `topology: { kind: 'single', url }`. */
  url?: string;
  /** Both unset: an in-process stand-in with the same client API (nothing shared between processes). */
  topology?: RedisTopology;
  keyPrefix: string;
}

/**
 * The options every connection to a data node gets. Commands fail fast rather than queue while
 * Redis is away (no offline queue, one retry, a command timeout), so a request that needs Redis
 * answers 503 promptly instead of hanging; the client keeps reconnecting in the background and
 * recovers on its own.
 */
const failFast = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2_000,
  connectTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
} satisfies RedisOptions;

/**
 * Connects to the configured Redis, or fails naming where it looked. A Cluster client is handed out
 * under the one client type the code is written against, as the stand-in is: it speaks the same
 * commands, since every command the server sends names one key, or keys sharing a hash tag.
 */
export async function createRedis({
  url,
  topology,
  keyPrefix,
}: CreateRedisOptions): Promise<Redis> {
  const target = topology ?? (url ? { kind: 'single' as const, url } : undefined);
  if (!target) {
    return new RedisMock({ keyPrefix }) as unknown as Redis;
  }
  const started = { value: false };
  const client = createRedisClient(target, keyPrefix, started);
  try {
    await client.connect();
    started.value = true;
  } catch (error) {
    client.disconnect();
    const where = `${target.kind === 'single' ? 'at ' : ''}${redisTargetName(target)}`;
    throw new Error(`Redis ${where} did not answer: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return client;
}

/**
 * A real client, not yet connected, with the fail-fast options described above. `started` tells a
 * Sentinel client whether it has connected once: until then a round of unreachable sentinels fails
 * the connection (the server refuses to start, as with one Redis that does not answer); after
 * that the client keeps asking them, however long they are away.
 */
export function createRedisClient(
  target: RedisTopology | string,
  keyPrefix: string,
  started: { value: boolean } = { value: true },
): Redis {
  const topology: RedisTopology =
    typeof target === 'string' ? { kind: 'single', url: target } : target;
  const client = build(topology, keyPrefix, started);
  // Connection errors are reported by readiness checks and failing commands; without a listener
  // ioredis would print each reconnect attempt as an unhandled error.
  client.on('error', () => undefined);
  return client;
}

function build(topology: RedisTopology, keyPrefix: string, started: { value: boolean }): Redis {
  switch (topology.kind) {
    case 'single':
      return new Redis(topology.url, { ...failFast, keyPrefix });
    case 'sentinel':
      return new Redis({
        ...failFast,
        keyPrefix,
        sentinels: topology.sentinels,
        name: topology.name,
        sentinelPassword: topology.sentinelPassword,
        password: topology.password,
        sentinelCommandTimeout: 2_000,
        sentinelRetryStrategy: (attempt) =>
          started.value ? failFast.retryStrategy(attempt) : null,
        // No `failoverDetector`: when its +switch-master arrives while the client is reconnecting,
        // ioredis 5 abandons the connection attempt and ends the client for good. The reconnect
        // loop alone finds the new master: the master's connection drops when it is demoted.
        // A write that reaches a former master (now a replica) is refused with READONLY: that
        // request fails (503) and the client reconnects, asking the sentinels for the new master.
        reconnectOnError: (error) => error.message.startsWith('READONLY'),
      });
    case 'cluster': {
      const { lazyConnect, enableOfflineQueue, retryStrategy, ...nodeOptions } = failFast;
      const cluster = new Cluster(topology.nodes, {
        keyPrefix,
        lazyConnect,
        enableOfflineQueue,
        // The Cluster client reconnects as a whole (its node connections never retry on their
        // own: a lost node is found again through the slot map).
        clusterRetryStrategy: retryStrategy,
        slotsRefreshTimeout: 2_000,
        redisOptions: { ...nodeOptions, password: topology.password },
      });
      return cluster as unknown as Redis;
    }
  }
}

export async function pingRedis(redis: Redis): Promise<void> {
  const reply = await redis.ping();
  if (reply !== 'PONG') throw new Error(`unexpected PING reply: ${reply}`);
}
