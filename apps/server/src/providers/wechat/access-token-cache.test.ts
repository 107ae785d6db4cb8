import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { createSecretBox } from '../../libraries/secret-box';
import type { Redis } from '../../redis/create-redis';
import { createRedis } from '../../redis/create-redis';
import { unique } from '../../../test/support/test-context';
import { UpstreamError } from '../http/upstream-error';
import type { AccessTokenCacheOptions } from './access-token-cache';
import { createAccessTokenCache } from './access-token-cache';
import { createWechatApi } from './wechat-api';

const APP = { appId: 'wx-token-cache-test', secret: 'token-cache-secret' };

describe('createAccessTokenCache, against the sandbox and Redis', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let redis: Redis;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [{ appid: APP.appId, secret: APP.secret }] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control.reset();
    // A fresh key prefix per test: every test starts with a cold cache.
    redis = await createRedis({ url: process.env.REDIS_URL, keyPrefix: `test:${unique('atc')}:` });
  });
  afterEach(() => redis.disconnect());

  const secretBox = createSecretBox(Buffer.alloc(32, 3));
  const cache = (options: Partial<AccessTokenCacheOptions> = {}) =>
    createAccessTokenCache({
      redis,
      wechat: createWechatApi({ baseUrl: sandbox.url, timeoutMs: 2_000 }),
      apps: { find: async (appId) => (appId === APP.appId ? APP : undefined) },
      secretBox,
      ...options,
    });
  const stableTokenCalls = async () => (await control.getCalls()).calls['/cgi-bin/stable_token'];
  const refused = (errcode: number) =>
    new UpstreamError({
      service: 'wechat',
      failure: 'api_error',
      endpoint: '/wxa/business/getuserphonenumber',
      code: errcode,
      message: `errcode ${errcode}`,
    });

  it('fetches a stable token once and serves it from Redis, sealed', async () => {
    const tokens = cache();
    const first = await tokens.get(APP.appId);
    expect(await tokens.get(APP.appId)).toBe(first);
    expect(await stableTokenCalls()).toBe(1);

    const stored = await redis.get(`wechat:access-token:{${APP.appId}}`);
    expect(stored).not.toContain(first);
    expect(secretBox.open(stored!)).toBe(first);
  });

  it('lets one of many concurrent callers, across instances, fetch while the others wait', async () => {
    await control.addFault({ endpoint: '/cgi-bin/stable_token', kind: 'delay', delayMs: 300 });
    const instances = [cache(), cache(), cache()];
    const tokens = await Promise.all(
      Array.from({ length: 30 }, (_, index) => instances[index % 3]!.get(APP.appId)),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(await stableTokenCalls()).toBe(1);
  });

  it('stops using a token refreshMarginMs before it expires', async () => {
    // The sandbox's tokens live 7200 s; keep them only one second.
    const tokens = cache({ refreshMarginMs: 7_199_000 });
    await tokens.get(APP.appId);
    await tokens.get(APP.appId);
    expect(await stableTokenCalls()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await tokens.get(APP.appId);
    expect(await stableTokenCalls()).toBe(2);
  });

  it.each([40001, 40014, 42001])(
    'refreshes once when the token is refused (%i) and runs the call again',
    async (errcode) => {
      const tokens = cache();
      const stale = await tokens.get(APP.appId);
      const seen: string[] = [];
      const result = await tokens.withToken(APP.appId, async (token) => {
        seen.push(token);
        if (seen.length === 1) throw refused(errcode);
        return 'done';
      });
      expect(result).toBe('done');
      expect(seen[0]).toBe(stale);
      expect(seen[1]).not.toBe(stale);
      expect(await tokens.get(APP.appId)).toBe(seen[1]);
      // Normal mode handed back the refused token, so the cache forced a new one.
      expect(await stableTokenCalls()).toBe(3);
    },
  );

  it('refreshes a refused token once for many callers', async () => {
    const instances = [cache(), cache()];
    const stale = await instances[0]!.get(APP.appId);
    await control.resetCalls();
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        instances[index % 2]!.withToken(APP.appId, async (token) => {
          if (token === stale) throw refused(42001);
          return token;
        }),
      ),
    );
    expect(new Set(replies).size).toBe(1);
    expect(await stableTokenCalls()).toBe(2);
  });

  it('does not retry other failures, nor a second refusal', async () => {
    const tokens = cache();
    let calls = 0;
    await expect(
      tokens.withToken(APP.appId, async () => {
        calls += 1;
        throw refused(40029);
      }),
    ).rejects.toMatchObject({ code: 40029 });
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      tokens.withToken(APP.appId, async () => {
        calls += 1;
        throw refused(40001);
      }),
    ).rejects.toMatchObject({ code: 40001 });
    expect(calls).toBe(2);
  });

  it('reports a failed fetch and lets the next caller try again', async () => {
    await control.addFault({ endpoint: '/cgi-bin/stable_token', kind: 'http-status', status: 502 });
    const tokens = cache();
    await expect(tokens.get(APP.appId)).rejects.toMatchObject({
      failure: 'bad_response',
      httpStatus: 502,
    });
    await expect(tokens.get(APP.appId)).resolves.toEqual(expect.any(String));
  });

  it('takes over from an instance that died holding the lock, once the lock expires', async () => {
    await redis.set(`wechat:access-token:{${APP.appId}}:lock`, 'dead-instance', 'PX', 400);
    const started = Date.now();
    await expect(cache().get(APP.appId)).resolves.toEqual(expect.any(String));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await stableTokenCalls()).toBe(1);
  });

  it('gives up waiting after waitTimeoutMs', async () => {
    await redis.set(`wechat:access-token:{${APP.appId}}:lock`, 'stuck-instance', 'PX', 60_000);
    await expect(cache({ waitTimeoutMs: 300 }).get(APP.appId)).rejects.toMatchObject({
      failure: 'timeout',
      endpoint: '/cgi-bin/stable_token',
    });
    expect(await stableTokenCalls()).toBe(0);
  });
});
