import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { RequestError } from '../../errors/request-error';
import { miniProgramRequestError } from '../../dialects/mini-program/errors';
import { WECHAT_ERRCODES } from '../../providers/wechat/errcodes';
import { createWechatApi } from '../../providers/wechat/wechat-api';
import type { Redis } from '../../redis/create-redis';
import { createRedis } from '../../redis/create-redis';
import { unique } from '../../../test/support/test-context';
import { createSecretBox } from '../secret-box';
import type { JsCodeExchangeOptions } from './js-code-exchange';
import { createJsCodeExchange } from './js-code-exchange';

const APP = { appId: 'wx-js-code-exchange', secret: 'exchange-secret' };

describe('createJsCodeExchange, against the sandbox and Redis', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let redis: Redis;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [{ appid: APP.appId, secret: APP.secret }] } });
    control = createSandboxControl(sandbox.url);
    redis = await createRedis({ url: process.env.REDIS_URL, keyPrefix: `test:${unique('jce')}:` });
  });
  afterAll(async () => {
    redis.disconnect();
    await sandbox.close();
  });
  beforeEach(() => control.resetCalls());

  /** The exchange, its refusals as the /accounts dialect answers them. */
  const exchange = (options: Partial<JsCodeExchangeOptions> = {}) => {
    const run = createJsCodeExchange({
      redis,
      secretBox: createSecretBox(Buffer.alloc(32, 5)),
      wechat: createWechatApi({ baseUrl: sandbox.url, timeoutMs: 2_000 }),
      ...options,
    });
    return (request: Parameters<typeof run>[0]) =>
      run(request).catch((error: unknown) => {
        throw miniProgramRequestError(error) ?? error;
      });
  };
  const mint = async () => {
    const user = await control.registerWechatUser({ nickname: 'n', avatar: 'a' });
    return control.mintJsCode({ appid: APP.appId, user: user.unionid });
  };
  const code2sessionCalls = async () => (await control.getCalls()).calls['/sns/jscode2session'];
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as RequestError,
    );

  it('shares one exchange among identical requests in flight, across instances', async () => {
    await control.addFault({ endpoint: '/sns/jscode2session', kind: 'delay', delayMs: 200 });
    const minted = await mint();
    const instances = [exchange(), exchange()];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        instances[index % 2]!({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' }),
      ),
    );
    for (const result of results) {
      expect(result).toEqual({
        openid: minted.openid,
        unionid: minted.unionid,
        session_key: minted.session_key,
      });
    }
    expect(await code2sessionCalls()).toBe(1);
  });

  it('refuses the same code with other data as used, without asking WeChat', async () => {
    const minted = await mint();
    const run = exchange();
    await run({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' });
    const error = await failure(run({ app: APP, jsCode: minted.js_code, fingerprint: 'bb' }));
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'js_code_used', status: 400 });
    expect(await code2sessionCalls()).toBe(1);
  });

  it('replays a result only for resultTtlMs; later the code is simply used', async () => {
    const minted = await mint();
    const run = exchange({ resultTtlMs: 200 });
    await run({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const error = await failure(run({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' }));
    // WeChat's own answer this time: codeUsed.
    expect(error).toMatchObject({ code: 'js_code_used', status: 400 });
    expect(await code2sessionCalls()).toBe(2);
  });

  it('lets a waiting request exchange the code itself when the first one failed', async () => {
    const minted = await mint();
    await control.addFault({
      endpoint: '/sns/jscode2session',
      kind: 'errcode',
      errcode: WECHAT_ERRCODES.busy,
      times: 2,
      delayMs: 100,
    });
    const run = exchange();
    const [first, second] = await Promise.allSettled([
      run({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' }),
      run({ app: APP, jsCode: minted.js_code, fingerprint: 'aa' }),
    ]);
    expect(first).toMatchObject({ status: 'rejected', reason: { status: 502 } });
    expect(second).toMatchObject({ status: 'fulfilled', value: { openid: minted.openid } });
    expect(await code2sessionCalls()).toBe(3);
  });
});
