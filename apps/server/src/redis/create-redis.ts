import Redis from 'ioredis';
import RedisMock from 'ioredis-mock';

export type { Redis };

export interface CreateRedisOptions {
  /** Unset: an in-process stand-in with the same client API (nothing shared between processes). */
  url?: string;
  keyPrefix: string;
}

/**
 * Commands fail fast rather than queue while Redis is away (no offline queue, one retry, a
 * command timeout), so a request that needs Redis answers 503 promptly instead of hanging;
 * the client keeps reconnecting in the background and recovers on its own.
 */
export async function createRedis({ url, keyPrefix }: CreateRedisOptions): Promise<Redis> {
  if (!url) {
    return new RedisMock({ keyPrefix }) as unknown as Redis;
  }
  const client = createRedisClient(url, keyPrefix);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`Redis at ${redactUrl(url)} did not answer: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return client;
}

/** A real client, not yet connected, with the fail-fast options described above. */
export function createRedisClient(url: string, keyPrefix: string): Redis {
  const client = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors are reported by readiness checks and failing commands; without a listener
  // ioredis would print each reconnect attempt as an unhandled error.
  client.on('error', () => undefined);
  return client;
}

export async function pingRedis(redis: Redis): Promise<void> {
  const reply = await redis.ping();
  if (reply !== 'PONG') throw new Error(`unexpected PING reply: ${reply}`);
}

/** Strips a password from a connection URL before it is shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparsable url]';
  }
}
