import { closedPort } from '../../test/support/closed-port';
import { createRedis } from './create-redis';

/**
 * A server whose Redis does not answer refuses to start, with where it looked, rather than
 * hanging: for one Redis, a Sentinel setup and a Cluster alike.
 */
describe('createRedis when nothing answers', () => {
  it.each([
    [
      'one Redis',
      async () => ({ kind: 'single' as const, url: `redis://127.0.0.1:${await closedPort()}` }),
    ],
    [
      'a Sentinel setup',
      async () => ({
        kind: 'sentinel' as const,
        sentinels: [{ host: '127.0.0.1', port: await closedPort() }],
        name: 'wechat-bind',
      }),
    ],
    [
      'a Cluster',
      async () => ({
        kind: 'cluster' as const,
        nodes: [{ host: '127.0.0.1', port: await closedPort() }],
      }),
    ],
  ])('fails at once for %s, naming it', async (_name, topologyOf) => {
    const topology = await topologyOf();
    const startedAt = Date.now();
    await expect(createRedis({ topology, keyPrefix: 'x:' })).rejects.toThrow(
      /^Redis (at redis:\/\/127\.0\.0\.1:\d+\/?|Sentinel master "wechat-bind" via 127\.0\.0\.1:\d+|Cluster via 127\.0\.0\.1:\d+) did not answer: /,
    );
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('never shows a password', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await closedPort()}`;
    const failure = await createRedis({ url, keyPrefix: 'x:' }).catch((error: Error) => error);
    expect(String(failure)).not.toContain('hunter2');
  });
});
