import { setTimeout as sleep } from 'node:timers/promises';
import { watchSql } from '../../../test/support/test-context';
import { uniqueMiniProgramApp } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';
import { createCliHarness } from '../../../test/support/cli-harness';
import type { CliHarness } from '../../../test/support/cli-harness';

/**
 * An operator adds a mini-program with the admin CLI while the server runs, its users sign in
 * and bind their phones with it (code2session and stable_token signed with its secret, through
 * the real WeChat client against the sandbox), and once it is removed they get unknown_app.
 * WXA_APPS_REFRESH=1: each change reaches the server within a second.
 */
describe('mini-program apps added and removed while the server runs', () => {
  let kit: AccountsKit;
  let cli: CliHarness;
  beforeAll(async () => {
    kit = await startAccountsKit({ WXA_APPS_REFRESH: '1' });
    cli = createCliHarness(kit.context.models, { secretBox: kit.context.deps.secretBox });
  });
  afterAll(() => kit.close());

  const unknownApp = accountsFailure(400, 'auth_app_id 不是已接入的小程序');

  /** A mini-program WeChat (the sandbox) knows, which this server has not been told of yet. */
  async function newMiniProgram() {
    const { appId, secret } = uniqueMiniProgramApp();
    await kit.control.registerWechatApp({ appid: appId, secret });
    return { appId, secret };
  }

  async function authorize(appId: string, unionid: string) {
    const { js_code } = await kit.control.mintJsCode({ appid: appId, user: unionid });
    const { encrypted_data, iv } = await kit.control.mintEncryptedData({
      appid: appId,
      user: unionid,
    });
    return kit.http
      .post('/accounts/wxa_authorize')
      .send({ js_code, encrypted_data, iv, auth_app_id: appId });
  }

  /** Repeats `attempt` until `done` says so, for at most three seconds (the refresh, plus slack). */
  async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean) {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const value = await attempt();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(100);
    }
  }

  it('signs in with an app from app:add, binds a phone with it, and refuses it after app:remove', async () => {
    const app = await newMiniProgram();
    const wechatUser = await kit.newWechatUser();
    const before = await authorize(app.appId, wechatUser.unionid);
    expect(before.status).toBe(400);
    expect(before.body).toEqual(unknownApp);

    const added = await cli.runWithInput(`${app.secret}\n`, 'app:add', app.appId, '--secret-stdin');
    expect(added.code).toBe(0);
    const [row] = await kit.context.models.MiniProgramApp.findAll({ where: { appId: app.appId } });
    expect(JSON.stringify(row!.get())).not.toContain(app.secret);

    const signedIn = await eventually(
      () => authorize(app.appId, wechatUser.unionid),
      (response) => response.status === 200,
    );
    expect(signedIn.status).toBe(200);
    const { openid, session_token } = signedIn.body.data;
    // The openid WeChat gives this user in this app (the sandbox assigns it on first use).
    const known = (await kit.control.listWechatUsers()).users.find(
      (user) => user.unionid === wechatUser.unionid,
    );
    expect(signedIn.body.data.bound).toBe(false);
    expect(openid).toBe(known!.openids[app.appId]);

    // getPhoneNumber: the app's access token, fetched with the secret app:add stored.
    const { code } = await kit.control.mintPhoneCode({
      appid: app.appId,
      user: wechatUser.unionid,
    });
    const bound = await kit.http
      .post('/accounts/wxa_bind_mobile')
      .send({ auth_app_id: app.appId, openid, session_token, phone_code: code });
    expect(bound.status).toBe(200);
    expect(bound.body.data).toMatchObject({ mobile: wechatUser.phone, openid });
    expect((await kit.control.getCalls()).calls['/cgi-bin/stable_token']).toBeGreaterThan(0);

    // A session started before the removal cannot go on with the app either.
    const second = await authorize(app.appId, (await kit.newWechatUser()).unionid);
    expect(second.status).toBe(200);
    const removed = await cli.run('app:remove', app.appId);
    expect(removed.code).toBe(0);
    const after = await eventually(
      () => authorize(app.appId, wechatUser.unionid),
      (response) => response.status === 400,
    );
    expect(after.body).toEqual(unknownApp);
    const sent = await kit.http.post('/accounts/send_verify_code').send({
      auth_app_id: app.appId,
      openid: second.body.data.openid,
      session_token: second.body.data.session_token,
      mobile: '13800138000',
    });
    expect(sent.body).toEqual(unknownApp);
    // The apps the server started with are untouched.
    await expect(kit.signIn(await kit.newWechatUser())).resolves.toMatchObject({ bound: false });
  });

  it('answers a flood of made-up auth_app_ids with unknown_app, from memory', async () => {
    const statements = watchSql(kit.context);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        kit.http.post('/accounts/wxa_authorize').send({
          js_code: 'c',
          encrypted_data: 'e',
          iv: 'i',
          auth_app_id: uniqueMiniProgramApp().appId,
        }),
      ),
    );
    expect(replies.every((reply) => reply.status === 400)).toBe(true);
    expect(replies[0]!.body).toEqual(unknownApp);
    // At most the one reload a refresh period allows (it may fall within the flood).
    const reads = statements().filter((line) => line.includes('miniprogram_apps'));
    expect(reads.length).toBeLessThanOrEqual(1);
  });
});
