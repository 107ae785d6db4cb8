import type { Redis } from './create-redis';
import { createRedis } from './create-redis';
import type { RunningTopology } from '../../test/support/redis-topologies';
import { startRedisCluster } from '../../test/support/redis-topologies';
import { shareRedisTopology } from '../../test/support/shared-redis';
import { unique } from '../../test/support/test-context';

/**
 * The server on a real Redis Cluster of three masters (redis-server processes of the test's own,
 * whatever REDIS_URL says). On a Cluster every command that names several keys must find them in
 * one slot, or Redis refuses it (CROSSSLOT, a 500): running every flow on one proves the key
 * layout, and the client tests below prove the hash tags the layout relies on.
 */
shareRedisTopology('cluster');

describe('on a Redis Cluster of three masters', () => {
  // The two-instance suite, written for one Redis, on two server processes started with
  // REDIS_CLUSTER_NODES: OAuth states, the mini-program flow (sign-in, SMS code and its limits,
  // phone binding, the session token, the shared access token and its lock) and the Caa replay
  // memory.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../test/multi-instance/two-instances.test');
});

// After the suite, whose own setting it replaces: two server processes and a topology to start
// take longer than one Redis on a loaded machine.
jest.setTimeout(180_000);

describe('the Redis client on a Cluster', () => {
  let cluster: RunningTopology;
  let redis: Redis;
  let probe: Redis;
  const keyPrefix = `test:${unique('cluster')}:`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    redis = await createRedis({ topology: cluster.topology, keyPrefix });
    probe = await createRedis({ topology: cluster.topology, keyPrefix: '' });
  });

  afterAll(async () => {
    redis?.disconnect();
    probe?.disconnect();
    await cluster?.stop();
  });

  it('keys the slot on the hash tag inside a key, after the key prefix', async () => {
    const slotOf = async (key: string) => Number(await probe.call('cluster', 'keyslot', key));
    expect(await slotOf(`${keyPrefix}wechat:access-token:{wx1}`)).toBe(await slotOf('wx1'));
    expect(await slotOf(`${keyPrefix}wechat:access-token:{wx1}:lock`)).toBe(await slotOf('wx1'));

    // Keys that share a tag go together in one MULTI; the same keys without it are refused.
    const tagged = await redis.multi().set('value:{t}', '1').set('value:{t}:lock', '2').exec();
    expect(tagged).toEqual([
      [null, 'OK'],
      [null, 'OK'],
    ]);
    await expect(redis.mset('plain-a', '1', 'plain-b', '2')).rejects.toThrow(/CROSSSLOT/);
  });

  it('spreads untagged keys over the masters, and reads them back through any node', async () => {
    const keys = Array.from({ length: 30 }, (_, index) => `spread:${index}`);
    for (const key of keys) await redis.set(key, key, 'EX', 60);
    for (const key of keys) expect(await redis.get(key)).toBe(key);

    const masters = await Promise.all(
      cluster.topology.kind === 'cluster'
        ? cluster.topology.nodes.map(async ({ port }) => {
            const node = await createRedis({ url: `redis://127.0.0.1:${port}`, keyPrefix: '' });
            try {
              return (await node.keys(`${keyPrefix}spread:*`)).length;
            } finally {
              node.disconnect();
            }
          })
        : [],
    );
    expect(masters).toHaveLength(3);
    expect(masters.every((count) => count > 0)).toBe(true);
    expect(masters.reduce((sum, count) => sum + count, 0)).toBe(keys.length);
  });
});
