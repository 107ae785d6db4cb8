import { randomBytes } from 'node:crypto';
import { CAA_FAILURE_LIMIT } from '../../src/middleware/caa-failure-limit';
import { DEFAULT_ATTEMPT_LIMITS } from '../../src/libraries/oauth-binding';
import { uniqueMobile } from '../support/test-data';
import { VERIFY_EMAIL_LIMIT } from '../../src/libraries/account-linking/email-verification-limit';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

const CODE_CHECKS_PER_IP = 8;
let addressCounter = 0;
/** A client address of its own per test (the server trusts X-Forwarded-For here, as behind a proxy). */
const newAddress = () => `198.51.100.${(addressCounter += 1)}`;

describe('guessing is rate limited', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({
      config: { TRUST_PROXY: 'true', WXA_BIND_HOURLY_LIMIT_PER_IP: String(CODE_CHECKS_PER_IP) },
    });
  });
  afterAll(() => world.close());

  it('SMS codes: five wrong tries burn the code, so the right one no longer works', async () => {
    const ip = newAddress();
    const { openid, sessionToken } = await world.miniProgramUser();
    const mobile = uniqueMobile();
    const body = {
      auth_app_id: world.apps.mini.appId,
      openid,
      session_token: sessionToken,
      mobile,
    };
    expect(
      (await world.http().post('/accounts/send_verify_code').set('X-Forwarded-For', ip).send(body))
        .status,
    ).toBe(200);
    const code = world.sms.codeFor(mobile);
    const wrongCodes = ['000000', '111111', '222222', '333333', '444444', '555555'].filter(
      (c) => c !== code,
    );
    const messages = [];
    for (const wrong of wrongCodes.slice(0, 5)) {
      const response = await world
        .http()
        .post('/accounts/wxa_bind_mobile')
        .set('X-Forwarded-For', ip)
        .send({ ...body, verify_code: wrong });
      messages.push(response.body.status.message);
    }
    expect(messages).toEqual(Array(5).fill('验证码错误'));
    const right = await world
      .http()
      .post('/accounts/wxa_bind_mobile')
      .set('X-Forwarded-For', ip)
      .send({ ...body, verify_code: code });
    expect(right.body).toEqual({ status: { code: 400, message: '验证码已失效' }, success: false });
  });

  it('SMS codes: one address gets a limited number of checks, whatever codes and sessions it uses', async () => {
    const ip = newAddress();
    const statuses = [];
    for (let attempt = 0; attempt <= CODE_CHECKS_PER_IP; attempt += 1) {
      const { openid, sessionToken } = await world.miniProgramUser();
      const response = await world
        .http()
        .post('/accounts/wxa_bind_mobile')
        .set('X-Forwarded-For', ip)
        .send({
          auth_app_id: world.apps.mini.appId,
          openid,
          session_token: sessionToken,
          mobile: uniqueMobile(),
          verify_code: '123456',
        });
      statuses.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(CODE_CHECKS_PER_IP).fill(400), 429]);
    // Another address is not held up.
    const { openid, sessionToken } = await world.miniProgramUser();
    const elsewhere = await world
      .http()
      .post('/accounts/wxa_bind_mobile')
      .set('X-Forwarded-For', newAddress())
      .send({
        auth_app_id: world.apps.mini.appId,
        openid,
        session_token: sessionToken,
        mobile: uniqueMobile(),
        verify_code: '123456',
      });
    expect(elsewhere.status).toBe(400);
  });

  it('Caa signatures: an address that keeps failing is refused before its signatures are even checked', async () => {
    const ip = newAddress();
    const caller = await world.caaCaller();
    const body = JSON.stringify({
      accessToken: 't',
      openid: 'o',
      unionid: 'u',
      userId: caller.userId,
    });
    const put = (authorization: string, from = ip) =>
      world
        .http()
        .put('/api/my/bind-weixin')
        .set('X-Forwarded-For', from)
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(body);
    const forged = () =>
      world.caaHeader(
        { ...caller, apiSecret: randomBytes(32).toString('base64') },
        'PUT',
        '/api/my/bind-weixin',
        body,
      );

    for (let attempt = 0; attempt < CAA_FAILURE_LIMIT.points; attempt += 1) {
      const response = await put(forged());
      expect(response.body).toEqual({ message: 'invalid signature' });
    }
    const blocked = await put(forged());
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ message: 'too many requests' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Even a right signature from there waits: the limit is not an oracle for a correct guess.
    const genuine = await put(world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', body));
    expect(genuine.status).toBe(429);
    // Other clients are unaffected, the key's owner included.
    const elsewhere = await put(
      world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', body),
      newAddress(),
    );
    expect(elsewhere.body).toEqual({ message: 'invalid weixin account' });
  });

  it('verification links: a limited number of tries per address', async () => {
    const ip = newAddress();
    const statuses = [];
    for (let attempt = 0; attempt <= VERIFY_EMAIL_LIMIT.points; attempt += 1) {
      const response = await world
        .http()
        .get(`/account/verify-email/${randomBytes(32).toString('base64url')}`)
        .set('X-Forwarded-For', ip);
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(VERIFY_EMAIL_LIMIT.points).fill(404), 429]);
  });

  it('OAuth states and codes: a limited number of completions per user', async () => {
    const admin = await world.admin();
    const statuses = [];
    for (let attempt = 0; attempt <= DEFAULT_ATTEMPT_LIMITS.points; attempt += 1) {
      const response = await world
        .http()
        .post('/api/administrator/user/oauth-binding')
        .set('Authorization', admin.auth)
        .send({ type: 'WECHAT', code: 'guess', state: randomBytes(16).toString('hex') });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(DEFAULT_ATTEMPT_LIMITS.points).fill(403), 429]);
  });
});
