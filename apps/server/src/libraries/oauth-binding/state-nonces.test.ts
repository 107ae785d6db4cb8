import type { Redis } from '../../redis/create-redis';
import { createRedis } from '../../redis/create-redis';
import { unique } from '../../../test/support/test-context';
import { consumeState, issueState, STATE_TTL_SECONDS, stateKey } from './state-nonces';

describe('OAuth state nonces', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await createRedis({ url: process.env.REDIS_URL, keyPrefix: `test:${unique()}:` });
  });
  afterAll(() => redis.disconnect());

  const owner = () => ({ userId: unique('user'), type: 'WECHAT' as const });

  it('issues 32 random hex digits, kept ten minutes under their hash', async () => {
    const alice = owner();
    const state = await issueState(redis, alice, 'bind');
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(await issueState(redis, alice, 'bind')).not.toBe(state);
    const ttl = await redis.ttl(stateKey(alice, state));
    expect(ttl).toBeGreaterThan(STATE_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(STATE_TTL_SECONDS);
    expect(stateKey(alice, state)).not.toContain(state);
  });

  it('is taken back once', async () => {
    const alice = owner();
    const state = await issueState(redis, alice, 'bind');
    expect(await consumeState(redis, alice, state)).toBe('bind');
    expect(await consumeState(redis, alice, state)).toBeNull();
  });

  it('gives back the intent it was issued with', async () => {
    const alice = owner();
    const rebind = await issueState(redis, alice, 'rebind');
    const bind = await issueState(redis, alice, 'bind');
    expect(await consumeState(redis, alice, rebind)).toBe('rebind');
    expect(await consumeState(redis, alice, bind)).toBe('bind');
  });

  it('reads a state stored without an intent (an older server issued it) as a first bind', async () => {
    const alice = owner();
    const nonce = '0c28af8d1e9394906b0c4e622dcdb747';
    await redis.set(stateKey(alice, nonce), String(Date.now()), 'EX', 60);
    expect(await consumeState(redis, alice, nonce)).toBe('bind');
  });

  it('belongs to its user and type: others do not find it, and do not burn it', async () => {
    const alice = owner();
    const state = await issueState(redis, alice, 'bind');
    expect(await consumeState(redis, { ...alice, userId: unique('user') }, state)).toBeNull();
    expect(await consumeState(redis, { ...alice, type: 'DING_TALK' }, state)).toBeNull();
    expect(await consumeState(redis, alice, `${state}0`)).toBeNull();
    expect(await consumeState(redis, alice, state)).toBe('bind');
  });

  it('expires', async () => {
    const alice = owner();
    const state = await issueState(redis, alice, 'bind', 1);
    await redis.pexpire(stateKey(alice, state), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await consumeState(redis, alice, state)).toBeNull();
  });

  it('lets exactly one of many racing consumers have it', async () => {
    const alice = owner();
    const state = await issueState(redis, alice, 'bind');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => consumeState(redis, alice, state)),
    );
    expect(results.filter((intent) => intent !== null)).toHaveLength(1);
  });
});
