import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountsKit } from '../../test/support/mini-program-kit';
import { startAccountsKit } from '../../test/support/mini-program-kit';
import type { RunningSentinelSetup } from '../../test/support/redis-topologies';
import { startRedisSentinel } from '../../test/support/redis-topologies';
import { shareRedisTopology } from '../../test/support/shared-redis';

/**
 * The server on a real Redis Sentinel setup (one master, one replica, three sentinels, all
 * redis-server processes of the test's own, whatever REDIS_URL says): the flows run on it, and a
 * master that dies mid-run costs the requests of the failover a 503 each, never a 500, after which
 * the same process carries on with the promoted replica.
 */
shareRedisTopology('sentinel');

describe('on a Redis Sentinel setup', () => {
  // The two-instance suite, written for one Redis, on two server processes started with
  // REDIS_SENTINELS and REDIS_SENTINEL_NAME (what it covers: see redis-cluster.test.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../test/multi-instance/two-instances.test');
});

// After the suite, whose own setting it replaces: two server processes and a topology to start
// take longer than one Redis on a loaded machine.
jest.setTimeout(180_000);

describe('a Sentinel master failing over mid-run', () => {
  let sentinel: RunningSentinelSetup;
  let kit: AccountsKit;

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    kit = await startAccountsKit({}, { redisTopology: sentinel.topology });
  });

  afterAll(async () => {
    await kit?.close();
    await sentinel?.stop();
  });

  it('answers 503 while the master is away, never 500, and recovers without a restart', async () => {
    const regular = await kit.newWechatUser();
    await kit.signIn(regular);

    // A phone signing in again and again (each sign-in writes its session, the js_code lock and
    // result to the master) while the master dies and the sentinels promote the replica.
    const before: number[] = [];
    const after: number[] = [];
    const unexpected: unknown[] = [];
    let promoted = false;
    let stopped = false;
    const traffic = (async () => {
      while (!stopped) {
        const reply = await kit.http
          .post('/accounts/wxa_authorize')
          .send(await kit.authorizeBody(regular));
        (promoted ? after : before).push(reply.status);
        if (reply.status === 503 && reply.body.status?.code !== 503) unexpected.push(reply.body);
        if (reply.status !== 200 && reply.status !== 503) unexpected.push(reply.body);
        await sleep(20);
      }
    })();

    await sleep(300);
    const { promotedAfterMs } = await sentinel.killMaster();
    promoted = true;
    const recoveredBy = Date.now() + 15_000;
    while (Date.now() < recoveredBy && after.slice(-5).join() !== '200,200,200,200,200') {
      await sleep(100);
    }
    stopped = true;
    await traffic;

    const statuses = [...before, ...after];
    expect(unexpected).toEqual([]);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    // The failover was felt (a 503 each while no master answered), and passed.
    expect(statuses).toContain(503);
    expect(after.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    expect(promotedAfterMs).toBeLessThan(15_000);

    // The whole flow, in the same process, on the promoted replica.
    const newcomer = await kit.newWechatUser();
    const { openid } = await kit.signIn(newcomer);
    const bound = await kit.bindWithSms(openid, newcomer.phone!);
    expect(bound.status).toBe(200);
    expect(bound.body.data).toMatchObject({ openid, mobile: newcomer.phone });
    const me = await kit.http
      .get('/accounts/me')
      .set('authorization', `Bearer ${bound.body.data.token}`);
    expect(me.status).toBe(200);
    expect((await kit.http.get('/readyz')).body.checks).toEqual({ postgres: 'ok', redis: 'ok' });
  });
});
