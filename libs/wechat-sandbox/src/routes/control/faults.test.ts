import {
  DING_APP,
  expectWechatError,
  getJson,
  MINI_APP,
  postJson,
  useSandbox,
} from '../../test-support/sandbox-fixture';
import { SandboxControlError } from '../../control/control-client';

const fx = useSandbox();

async function loginCode(): Promise<string> {
  const user = await fx.control.registerWechatUser({ nickname: 'A', avatar: 'a' });
  return (await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid })).js_code;
}

function code2session(jsCode: string) {
  return getJson(fx.url, '/sns/jscode2session', {
    ...MINI_APP,
    js_code: jsCode,
    grant_type: 'authorization_code',
  });
}

describe('faults', () => {
  it('answers an errcode for the next N calls, then the real reply', async () => {
    const jsCode = await loginCode();
    await fx.control.addFault({
      endpoint: '/sns/jscode2session',
      kind: 'errcode',
      errcode: -1,
      times: 2,
    });

    expectWechatError(await code2session(jsCode), -1, 'system error');
    expectWechatError(await code2session(jsCode), -1);
    // The faulted calls did not consume the code: the retry succeeds.
    expect((await code2session(jsCode)).body.session_key).toBeDefined();
  });

  it('plays queued faults in order', async () => {
    const jsCode = await loginCode();
    await fx.control.addFault({ endpoint: '/sns/jscode2session', kind: 'errcode', errcode: 45011 });
    await fx.control.addFault({ endpoint: '/sns/jscode2session', kind: 'errcode', errcode: 40226 });

    expectWechatError(
      await code2session(jsCode),
      45011,
      'api minute-quota reach limit mustslower retry next minute',
    );
    expectWechatError(await code2session(jsCode), 40226, 'code blocked');
    expect((await code2session(jsCode)).body.openid).toBeDefined();
  });

  it('can answer a bare HTTP 5xx or a non-JSON 200', async () => {
    await fx.control.addFault({ endpoint: '/cgi-bin/token', kind: 'http-status', status: 502 });
    await fx.control.addFault({ endpoint: '/cgi-bin/token', kind: 'garbage' });
    const url = `${fx.url}/cgi-bin/token?grant_type=client_credential&appid=${MINI_APP.appid}&secret=${MINI_APP.secret}`;

    const bad = await fetch(url);
    expect(bad.status).toBe(502);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);

    const garbage = await fetch(url);
    expect(garbage.status).toBe(200);
    // fetch's errors come from another realm than jest's, so match by name.
    await expect(garbage.json()).rejects.toMatchObject({ name: 'SyntaxError' });

    expect((await fetch(url)).status).toBe(200);
  });

  it('delays a reply, alone or before another fault', async () => {
    await fx.control.addFault({ endpoint: '/cgi-bin/stable_token', kind: 'delay', delayMs: 150 });
    await fx.control.addFault({
      endpoint: '/cgi-bin/stable_token',
      kind: 'errcode',
      errcode: -1,
      delayMs: 100,
    });
    const body = { grant_type: 'client_credential', ...MINI_APP };

    let started = performance.now();
    const slow = await postJson(fx.url, '/cgi-bin/stable_token', body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.body.access_token).toBeDefined();

    started = performance.now();
    expectWechatError(await postJson(fx.url, '/cgi-bin/stable_token', body), -1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('answers DingTalk-style errors on DingTalk endpoints', async () => {
    await fx.control.addFault({
      endpoint: '/v1.0/contact/users/me',
      kind: 'dingtalk-error',
      status: 403,
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
    });

    const reply = await getJson(
      fx.url,
      '/v1.0/contact/users/me',
      {},
      { 'x-acs-dingtalk-access-token': 't' },
    );

    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('Forbidden.AccessDenied.AccessTokenPermissionDenied');
  });

  it('lists and clears faults, per endpoint or all', async () => {
    await fx.control.addFault({ endpoint: '/sns/auth', kind: 'errcode', errcode: -1, times: 3 });
    await fx.control.addFault({ endpoint: '/sns/userinfo', kind: 'garbage' });

    expect((await fx.control.listFaults()).faults).toEqual([
      {
        id: expect.any(String),
        endpoint: '/sns/auth',
        kind: 'errcode',
        errcode: -1,
        times: 3,
        remaining: 3,
      },
      { id: expect.any(String), endpoint: '/sns/userinfo', kind: 'garbage', remaining: 1 },
    ]);
    await fx.control.clearFaults('/sns/auth');
    expect((await fx.control.listFaults()).faults.map((f) => f.endpoint)).toEqual([
      '/sns/userinfo',
    ]);
    await fx.control.clearFaults();
    expect((await fx.control.listFaults()).faults).toEqual([]);
  });

  it('refuses faults that could never fire as meant', async () => {
    const attempts = [
      { endpoint: '/sns/nothing', kind: 'garbage' },
      { endpoint: '/v1.0/contact/users/me', kind: 'errcode', errcode: -1 },
      { endpoint: '/sns/auth', kind: 'dingtalk-error', code: 'X' },
      { endpoint: '/sns/auth', kind: 'http-status', status: 200 },
      { endpoint: '/sns/auth', kind: 'delay' },
      { endpoint: '/sns/auth', kind: 'errcode', errcode: -1, times: 0 },
      { endpoint: '/sns/auth', kind: 'explode' },
    ];
    for (const attempt of attempts) {
      // @ts-expect-error deliberately malformed input
      await expect(fx.control.addFault(attempt)).rejects.toMatchObject({ status: 400 });
    }
  });
});

describe('call counters', () => {
  it('counts calls per endpoint, faulted ones included, and resets', async () => {
    const jsCode = await loginCode();
    await fx.control.addFault({ endpoint: '/sns/jscode2session', kind: 'errcode', errcode: -1 });
    await code2session(jsCode);
    await code2session(jsCode);
    await getJson(fx.url, '/v1.0/contact/users/me');

    const counts = await fx.control.getCalls();
    expect(counts.calls['/sns/jscode2session']).toBe(2);
    expect(counts.calls['/v1.0/contact/users/me']).toBe(1);
    expect(counts.calls['/cgi-bin/token']).toBe(0);
    expect(counts.total).toBe(3);

    await fx.control.resetCalls();
    expect((await fx.control.getCalls()).total).toBe(0);
  });

  it('does not count control calls or consent pages', async () => {
    await fx.control.listWechatApps();
    await fetch(`${fx.url}/connect/qrconnect?appid=${MINI_APP.appid}`);
    expect((await fx.control.getCalls()).total).toBe(0);
  });
});

describe('reset, config and registration', () => {
  it('reset drops users, codes and faults, and restores the apps given at start', async () => {
    const user = await fx.control.registerWechatUser({ nickname: 'A', avatar: 'a' });
    const { js_code } = await fx.control.mintJsCode({ appid: MINI_APP.appid, user: user.unionid });
    await fx.control.registerWechatApp({ appid: 'wxextra000000001', secret: 'x' });
    await fx.control.setConfig({ codeTtlMs: 1000 });

    await fx.control.reset();

    expect((await fx.control.listWechatUsers()).users).toEqual([]);
    expect((await fx.control.listWechatApps()).apps.map((a) => a.appid).sort()).toEqual(
      ['wxminiprogram0001', 'wxwebsite00000001'].sort(),
    );
    expect((await fx.control.listDingtalkApps()).apps.map((a) => a.clientId)).toEqual([
      DING_APP.clientId,
    ]);
    expect((await fx.control.getConfig()).codeTtlMs).toBe(5 * 60 * 1000);
    expectWechatError(await code2session(js_code), 40029);
  });

  it('validates config changes', async () => {
    // @ts-expect-error deliberately malformed input
    await expect(fx.control.setConfig({ codeTtlMs: 'soon' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(fx.control.setConfig({ accessTokenTtlMs: -5 })).rejects.toMatchObject({
      status: 400,
    });
    expect(await fx.control.setConfig({ accessTokenTtlMs: 1000 })).toEqual({
      codeTtlMs: 300_000,
      accessTokenTtlMs: 1000,
    });
  });

  it('reports unknown apps and users as 404, clashes as 409, bad input as 400', async () => {
    const user = await fx.control.registerWechatUser({
      nickname: 'A',
      avatar: 'a',
      unionid: 'oUnion1',
    });

    const unknownApp = fx.control.mintJsCode({ appid: 'wxnobody', user: user.unionid });
    await expect(unknownApp).rejects.toBeInstanceOf(SandboxControlError);
    await expect(unknownApp).rejects.toMatchObject({ status: 404 });
    await expect(
      fx.control.mintJsCode({ appid: MINI_APP.appid, user: 'nobody' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      fx.control.registerWechatUser({ nickname: 'B', avatar: 'b', unionid: 'oUnion1' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      // @ts-expect-error deliberately malformed input
      fx.control.registerWechatUser({ nickname: 'B', avatar: 'b', gender: 7 }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('gender') });
    await expect(
      fx.control.mintPhoneCode({ appid: MINI_APP.appid, user: user.unionid }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      fx.control.mintEncryptedData({ appid: MINI_APP.appid, user: user.unionid }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });
});
