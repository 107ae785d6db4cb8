import { createSandboxControl } from '@wechat-bind/wechat-sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createCliHarness } from '../../test/support/cli-harness';
import { uniqueMiniProgramApp, uniqueMobile } from '../../test/support/test-data';
import { createLogger } from '../logger';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, testConfig } from '../../test/support/test-context';
import type { SandboxAppSync } from './sandbox-app-sync';
import { startSandboxAppSync } from './sandbox-app-sync';
import type { Upstreams } from './upstreams';
import { resolveUpstreams } from './upstreams';

/**
 * Zero-setup development: no WECHAT_API_BASE, so the sandbox runs in process. An app added with
 * app:add is registered in it by the sync, and then answers every WeChat flow the mini-program
 * needs there: js_code minting and code2session, phone codes and stable_token.
 */
describe('the development sandbox and apps added with app:add', () => {
  let upstreams: Upstreams;
  let context: TestContext;
  let sync: SandboxAppSync;
  beforeAll(async () => {
    upstreams = await resolveUpstreams(
      testConfig({ SANDBOX_PORT: '0' }),
      createLogger({ level: 'silent' }),
    );
    // The development app is seeded by the server's start; this test adds its own.
    context = await createTestContext({
      config: { WXA_APPS_REFRESH: '1' },
      upstreams: { ...upstreams, miniprogramApps: [] },
    });
    sync = await startSandboxAppSync({
      ...context.deps,
      refreshMs: 1000,
      registerApps: upstreams.developmentSandbox!.registerApps,
    });
  });
  afterAll(async () => {
    sync.stop();
    await context.close();
    await upstreams.close();
  });

  it('registers the app in the sandbox, where the mini-program flows then work', async () => {
    expect(upstreams.sandboxUrl).toBeDefined();
    const control = createSandboxControl(upstreams.sandboxUrl!);
    const { appId, secret } = uniqueMiniProgramApp();
    const cli = createCliHarness(context.models, { secretBox: context.deps.secretBox });
    expect((await cli.runWithInput(secret, 'app:add', appId, '--secret-stdin')).code).toBe(0);

    const deadline = Date.now() + 3_000;
    let registered;
    while (!registered && Date.now() < deadline) {
      await sleep(100);
      registered = (await control.listWechatApps()).apps.find((app) => app.appid === appId);
    }
    expect(registered).toMatchObject({ appid: appId, secret });

    const phone = uniqueMobile();
    const user = await control.registerWechatUser({
      nickname: 'dev',
      avatar: 'https://thirdwx.qlogo.cn/dev/132',
      phone,
    });
    const { js_code } = await control.mintJsCode({ appid: appId, user: user.unionid });
    const { encrypted_data, iv } = await control.mintEncryptedData({
      appid: appId,
      user: user.unionid,
    });
    const http = request(context.app.callback());
    const signedIn = await http
      .post('/accounts/wxa_authorize')
      .send({ js_code, encrypted_data, iv, auth_app_id: appId });
    expect(signedIn.status).toBe(200);
    const { openid, session_token } = signedIn.body.data;
    const { code } = await control.mintPhoneCode({ appid: appId, user: user.unionid });
    const bound = await http
      .post('/accounts/wxa_bind_mobile')
      .send({ auth_app_id: appId, openid, session_token, phone_code: code });
    expect(bound.status).toBe(200);
    expect(bound.body.data.mobile).toBe(phone);
  });
});
