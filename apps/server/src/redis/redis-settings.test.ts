import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../config';
import { describeRedisTopology } from './redis-settings';

/** What production needs besides Redis. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://127.0.0.1/db',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  DATA_KEY: randomBytes(32).toString('base64'),
  SMS_SENDER: 'http',
  SMS_WEBHOOK_URL: 'https://sms.example.com/send',
};

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('the Redis settings', () => {
  it('reads a Sentinel setup: the sentinels, the master name and the passwords', () => {
    const config = loadConfig({
      REDIS_SENTINELS: '10.0.0.1:26379, sentinel-2.internal:26379,[fd00::3]:26380',
      REDIS_SENTINEL_NAME: 'wechat-bind',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_PASSWORD: 'data-secret',
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisTopology).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'sentinel-2.internal', port: 26379 },
        { host: 'fd00::3', port: 26380 },
      ],
      name: 'wechat-bind',
      sentinelPassword: 'sentinel-secret',
      password: 'data-secret',
    });
    // The start banner names the setup, never a password.
    const line = describeRedisTopology(config.redisTopology);
    expect(line).toBe(
      'Redis: Sentinel master "wechat-bind" via 10.0.0.1:26379, sentinel-2.internal:26379, [fd00::3]:26380',
    );
  });

  it('reads a Cluster from its seed nodes', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000' });
    expect(config.redisTopology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7000 },
      ],
      password: undefined,
    });
    expect(describeRedisTopology(config.redisTopology)).toBe(
      'Redis: Cluster via 10.0.0.1:7000, 10.0.0.2:7000',
    );
  });

  it('keeps REDIS_URL as one Redis, and nothing at all as the in-process stand-in', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/2' }).redisTopology).toEqual({
      kind: 'single',
      url: 'redis://:pw@127.0.0.1:6379/2',
    });
    expect(loadConfig({}).redisTopology).toBeUndefined();
  });

  it('refuses two ways to reach Redis at once, naming both', () => {
    expect(
      problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' }),
    ).toMatch(/REDIS_URL and REDIS_CLUSTER_NODES are alternatives .*: set only one/);
    expect(
      problemsOf({
        REDIS_SENTINELS: '127.0.0.1:26379',
        REDIS_SENTINEL_NAME: 'm',
        REDIS_CLUSTER_NODES: '127.0.0.1:7000',
      }),
    ).toMatch(/REDIS_SENTINELS and REDIS_CLUSTER_NODES are alternatives/);
  });

  it.each([
    [
      { REDIS_SENTINELS: '127.0.0.1:26379' },
      /REDIS_SENTINEL_NAME is required with REDIS_SENTINELS/,
    ],
    [{ REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINEL_NAME is only used with REDIS_SENTINELS/],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINEL_PASSWORD: 'x' },
      /REDIS_SENTINEL_PASSWORD is only used with REDIS_SENTINELS/,
    ],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PASSWORD: 'x' },
      /REDIS_PASSWORD is not used with REDIS_URL: put the password in the URL/,
    ],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1' }, /REDIS_CLUSTER_NODES: "127.0.0.1" is not host:port/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:70000' }, /"127.0.0.1:70000" is not host:port/],
    [{ REDIS_CLUSTER_NODES: ' , ' }, /REDIS_CLUSTER_NODES lists no host:port/],
    [
      { REDIS_SENTINELS: 'redis://127.0.0.1:26379', REDIS_SENTINEL_NAME: 'm' },
      /REDIS_SENTINELS: "redis:\/\/127.0.0.1:26379" is not host:port/,
    ],
  ])('refuses %j', (env, message) => {
    expect(problemsOf(env)).toMatch(message);
  });

  it('refuses a hash tag in the key prefix of a Cluster: it would put every key in one slot', () => {
    expect(
      problemsOf({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', REDIS_KEY_PREFIX: '{wechat-bind}:' }),
    ).toMatch(/REDIS_KEY_PREFIX must not hold a \{hash tag\} with REDIS_CLUSTER_NODES/);
    // One Redis has no slots: the same prefix is fine there.
    expect(() => loadConfig({ REDIS_KEY_PREFIX: '{wechat-bind}:' })).not.toThrow();
  });

  it('requires one of the three in production, and accepts each', () => {
    expect(problemsOf(PRODUCTION)).toMatch(
      /REDIS_URL is required \(or REDIS_SENTINELS with REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES\)/,
    );
    for (const redis of [
      { REDIS_URL: 'redis://127.0.0.1:6379' },
      { REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'm' },
      { REDIS_CLUSTER_NODES: '127.0.0.1:7000' },
    ]) {
      expect(loadConfig({ ...PRODUCTION, ...redis }).redisTopology).toBeDefined();
    }
  });
});
