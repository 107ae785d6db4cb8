import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { createSecretBox } from '../../libraries/secret-box';
import type { Redis } from '../../redis/create-redis';
import { createRedis } from '../../redis/create-redis';
import { unique } from '../../../test/support/test-context';
import { UpstreamError } from '../http/upstream-error';
import { createWecomAccessTokenCache } from './access-token-cache';
import { createWecomApi } from './wecom-api';

const APP = {
  corpId: 'ww-token-cache-test',
  agentId: '1000002',
  secret: 'wecom-token-cache-secret',
  redirectUri: 'https://example.com/',
};

describe('createWecomAccessTokenCache, against the sandbox and Redis', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let redis: Redis;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wecom: [APP] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control.reset();
    redis = await createRedis({ url: process.env.REDIS_URL, keyPrefix: `test:${unique('wtc')}:` });
  });
  afterEach(() => redis.disconnect());

  const secretBox = createSecretBox(Buffer.alloc(32, 5));
  const wecom = () => createWecomApi({ baseUrl: sandbox.url, timeoutMs: 2_000 });
  // One cache per server instance: each has its own memory, all share Redis.
  const instance = () =>
    createWecomAccessTokenCache({ redis, wecom: wecom(), app: APP, secretBox });
  const gettokenCalls = async () => (await control.getCalls()).calls['/cgi-bin/gettoken'];

  it('lets one of many concurrent callers, across instances, fetch while the others wait', async () => {
    const instances = [instance(), instance(), instance()];
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, i) => instances[i % 3]!.withToken(async (token) => token)),
    );
    expect(new Set(seen).size).toBe(1);
    expect(await gettokenCalls()).toBe(1);
  });

  it('keeps the token sealed, under a key whose hash tag is the corp id (one Cluster slot)', async () => {
    const token = await instance().withToken(async (value) => value);
    const key = `wecom:access-token:{${APP.corpId}}:${APP.agentId}`;
    const stored = await redis.get(key);
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(token);
    expect(secretBox.open(stored!)).toBe(token);
  });

  it('refreshes once when WeCom refuses the token, then gives up on a second refusal', async () => {
    const cache = instance();
    const tokens: string[] = [];
    await expect(
      cache.withToken(async (token) => {
        tokens.push(token);
        throw new UpstreamError({
          service: 'wecom',
          failure: 'api_error',
          endpoint: '/cgi-bin/auth/getuserinfo',
          code: 42001,
          message: 'wecom /cgi-bin/auth/getuserinfo answered errcode 42001',
        });
      }),
    ).rejects.toMatchObject({ code: 42001 });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(await gettokenCalls()).toBe(2);
  });
});
