import { randomBytes } from 'node:crypto';
import { uniqueEmail, uniqueMobile } from '../support/test-data';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

/**
 * Runs every flow of every dialect (successes and refusals, debug logging on, SQL included) and
 * then searches the whole log stream for every secret that went by.
 */
describe('tokens and secrets never reach the log', () => {
  const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ config: { METRICS_TOKEN, LOG_LEVEL: 'debug' } });
  });
  afterAll(() => world.close());

  it('in any flow, succeeding or failing', async () => {
    const secrets = new Map<string, string>();
    const keep = (name: string, value: string | undefined) => {
      if (value) secrets.set(name, value);
    };
    const { config } = world.context.deps;
    keep('JWT_SECRET', config.jwtSecret);
    keep('DATA_KEY', config.dataKey.toString('base64'));
    keep('METRICS_TOKEN', METRICS_TOKEN);
    for (const [name, app] of Object.entries(world.apps)) {
      keep(`${name} app secret`, 'secret' in app ? app.secret : app.clientSecret);
    }

    // 01: a Caa-signed bind, a replay of it, a wrong signature.
    const caller = await world.caaCaller();
    keep('Caa api secret', caller.apiSecret);
    const person = await world.newWechatUser();
    const wechatToken = await world.control.mintUserAccessToken({
      appid: world.apps.mobile.appId,
      user: person.unionid,
    });
    keep('WeChat user access token', wechatToken.access_token);
    keep('WeChat refresh token', wechatToken.refresh_token);
    const bindBody = JSON.stringify({
      accessToken: wechatToken.access_token,
      openid: wechatToken.openid,
      unionid: person.unionid,
      userId: caller.userId,
    });
    const caa = world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', bindBody);
    keep('Caa Authorization header', caa.slice('Caa '.length));
    keep('Caa signature', Buffer.from(caa.slice(4), 'base64').toString().split(/[: ]/)[1]);
    const put = (authorization: string) =>
      world
        .http()
        .put('/api/my/bind-weixin')
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(bindBody);
    expect((await put(caa)).status).toBe(200);
    expect((await put(caa)).status).toBe(400);
    expect(
      (await put(world.caaHeader({ ...caller, apiSecret: 'wrong' }, 'PUT', '/x'))).status,
    ).toBe(400);

    // 02/03: a WeChat and a DingTalk binding through the consent pages.
    const admin = await world.admin();
    keep('personal access token', admin.token);
    keep('personal access token secret', admin.token.split('|')[1]);
    for (const [type, user] of [
      ['WECHAT', (await world.newWechatUser()).unionid],
      ['DING_TALK', (await world.control.registerDingtalkUser({ nick: 'dt' })).unionId],
    ] as const) {
      const started = await world
        .http()
        .put(`/api/administrator/user/oauth-binding/${type}`)
        .set('Authorization', admin.auth)
        .send({ state: false });
      const url = new URL(started.body.data);
      url.pathname = `${url.pathname}/authorize`;
      url.searchParams.set('user', user);
      url.hash = '';
      const redirect = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
        .searchParams;
      const code = redirect.get('code') ?? redirect.get('authCode')!;
      keep(`${type} code`, code);
      keep(`${type} state`, redirect.get('state')!);
      const bound = await world
        .http()
        .post('/api/administrator/user/oauth-binding')
        .set('Authorization', admin.auth)
        .send({ type, code, state: redirect.get('state') });
      expect(bound.status).toBe(200);
    }
    expect(
      (
        await world
          .http()
          .get('/api/administrator/user/oauth-binding')
          .set('Authorization', `Bearer 1|${'x'.repeat(40)}`)
      ).status,
    ).toBe(401);

    // 04: signup with a password, a verification link tried with a made-up token.
    const clientKey = await world.clientKey();
    keep('client-app key', clientKey);
    const unionId = await world.wechatAccount();
    const password = `pw-${randomBytes(9).toString('hex')}`;
    keep('password', password);
    const signup = await world
      .http()
      .post('/account/wx/signup')
      .set('Authorization', `Bearer ${clientKey}`)
      .set('X-Union-Id', unionId)
      .send({ email: uniqueEmail(), password });
    expect(signup.status).toBe(200);
    const guessedToken = randomBytes(32).toString('base64url');
    keep('verification token', guessedToken);
    expect((await world.http().get(`/account/verify-email/${guessedToken}`)).status).toBe(404);

    // 05: sign-in, an SMS code (a wrong one first), the phone button, the session token.
    const wechatUser = await world.newWechatUser();
    const minted = await world.control.mintJsCode({
      appid: world.apps.mini.appId,
      user: wechatUser.unionid,
    });
    keep('js_code', minted.js_code);
    keep('session_key', minted.session_key);
    const profile = await world.control.mintEncryptedData({
      appid: world.apps.mini.appId,
      user: wechatUser.unionid,
    });
    keep('encrypted_data', profile.encrypted_data);
    const authorized = await world.http().post('/accounts/wxa_authorize').send({
      js_code: minted.js_code,
      encrypted_data: profile.encrypted_data,
      iv: profile.iv,
      auth_app_id: world.apps.mini.appId,
    });
    expect(authorized.status).toBe(200);
    const openid = authorized.body.data.openid;
    keep('session_token', authorized.body.data.session_token);
    const mobile = uniqueMobile();
    const body = {
      auth_app_id: world.apps.mini.appId,
      openid,
      session_token: authorized.body.data.session_token,
      mobile,
    };
    expect((await world.http().post('/accounts/send_verify_code').send(body)).status).toBe(200);
    const code = world.sms.codeFor(mobile);
    keep('SMS code', code);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      (
        await world
          .http()
          .post('/accounts/wxa_bind_mobile')
          .send({ ...body, verify_code: wrong })
      ).status,
    ).toBe(400);
    const bound = await world
      .http()
      .post('/accounts/wxa_bind_mobile')
      .send({ ...body, verify_code: code });
    expect(bound.status).toBe(200);
    keep('session token', bound.body.data.token);
    expect(
      (
        await world
          .http()
          .get('/accounts/me')
          .set('Authorization', `Bearer ${bound.body.data.token}`)
      ).status,
    ).toBe(200);
    const phone = await world.miniProgramUser();
    const phoneCode = await world.control.mintPhoneCode({
      appid: world.apps.mini.appId,
      user: phone.wechatUser.unionid,
    });
    keep('phone_code', phoneCode.code);
    expect(
      (
        await world.http().post('/accounts/wxa_bind_mobile').send({
          auth_app_id: world.apps.mini.appId,
          openid: phone.openid,
          session_token: phone.sessionToken,
          phone_code: phoneCode.code,
        })
      ).status,
    ).toBe(200);

    // Operations: metrics with and without the token.
    expect(
      (await world.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status,
    ).toBe(200);
    expect(
      (await world.http().get('/metrics').set('Authorization', 'Bearer wrong-token')).status,
    ).toBe(401);

    const log = world.context.logLines.join('');
    // The log did record all this (debug level, SQL included), so its silence means something.
    expect(world.context.logLines.length).toBeGreaterThan(50);
    expect(log).toContain('"sql"');
    const leaked = [...secrets].filter(([, value]) => log.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});
