import type { WebSessionKit } from '../../../test/support/web-session-kit';
import { SESSION_PATH, startWebSessionKit } from '../../../test/support/web-session-kit';
import { uniqueMobile } from '../../../test/support/test-data';
import { PATH } from '../../../test/support/oauth-binding-kit';

const UNAUTHENTICATED = { code: 401, msg: '请求未认证' };
const CROSS_ORIGIN = { code: 403, msg: '请求来源校验失败' };

/** The Set-Cookie lines of a reply, by cookie name. */
function setCookies(response: { headers: Record<string, unknown> }): Record<string, string> {
  const lines = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

describe('web page sign-in with a mobile and an SMS code', () => {
  let kit: WebSessionKit;
  beforeAll(async () => {
    kit = await startWebSessionKit();
  });
  afterAll(() => kit.close());

  it('signs in with the code, names the user, and sets an httpOnly Lax cookie on the API prefix', async () => {
    const user = await kit.newUser();
    const browser = kit.newBrowser();
    const sent = await browser.sendCode(user.mobile);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      code: 200,
      data: { expiresIn: 300, resendAfter: 60 },
      msg: 'success',
    });
    expect(setCookies(sent).wb_signin).toMatch(
      /^wb_signin=[\w-]{43}; path=\/api\/administrator; expires=.*; samesite=lax; httponly$/,
    );

    const signedIn = await browser.post(SESSION_PATH, {
      mobile: user.mobile,
      code: kit.sms.codeFor(user.mobile),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toEqual({
      user: {
        id: user.userId,
        name: user.name,
        mobile: `${user.mobile.slice(0, 3)}****${user.mobile.slice(7)}`,
      },
      signedInWith: 'sms',
      csrfToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const cookies = setCookies(signedIn);
    expect(cookies.wb_session).toMatch(
      /^wb_session=[\w-]{43}; path=\/api\/administrator; expires=.*; samesite=lax; httponly$/,
    );
    // Not Secure on plain loopback HTTP outside production.
    expect(cookies.wb_session).not.toMatch(/secure/);
    // The sign-in cookie is spent.
    expect(cookies.wb_signin).toMatch(/^wb_signin=;/);

    // Redis holds the session's hash only, never the cookie's value.
    const value = browser.cookie('wb_session')!;
    const keys = await kit.admin.context.redis.keys('*web-session:*');
    expect(keys.some((key) => key.includes(value))).toBe(false);

    const me = await browser.agent.get(SESSION_PATH);
    expect(me.status).toBe(200);
    expect(me.body.data.csrfToken).toBe(signedIn.body.data.csrfToken);
    browser.csrfToken = me.body.data.csrfToken;

    // The session works on the binding routes, like a token.
    const list = await browser.agent.get(PATH);
    expect(list.body).toEqual({ code: 200, data: [], msg: 'success' });
    const start = await browser.change('put', `${PATH}/WECHAT`, { state: false });
    expect(start.status).toBe(200);
    expect(start.body.data).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\/qrconnect\?/);
  });

  it('refuses every change without the CSRF token, with a wrong one, or from another origin', async () => {
    const user = await kit.newUser();
    const browser = kit.newBrowser();
    await browser.signInWithSms(user.mobile);
    const attempts = [
      // No token at all (a cross-site form, were SameSite not there).
      browser.agent.put(`${PATH}/WECHAT`).set('Origin', kit.origin).send({ state: false }),
      // A wrong token: another session's, or guessed.
      browser.agent
        .put(`${PATH}/WECHAT`)
        .set('Origin', kit.origin)
        .set('X-CSRF-Token', 'a'.repeat(64))
        .send({ state: false }),
      // The right token from another origin.
      browser.agent
        .put(`${PATH}/WECHAT`)
        .set('Origin', 'https://evil.example')
        .set('X-CSRF-Token', browser.csrfToken!)
        .send({ state: false }),
      // The right token and no Origin.
      browser.agent
        .put(`${PATH}/WECHAT`)
        .set('X-CSRF-Token', browser.csrfToken!)
        .send({ state: false }),
      browser.agent.delete(SESSION_PATH).set('Origin', kit.origin),
    ];
    for (const attempt of attempts) {
      const response = await attempt;
      expect({ status: response.status, body: response.body }).toEqual({
        status: 403,
        body: CROSS_ORIGIN,
      });
    }
    // Nothing was started or ended: the session still works.
    expect((await browser.agent.get(SESSION_PATH)).status).toBe(200);
    const another = kit.newBrowser();
    await another.signInWithSms((await kit.newUser()).mobile);
    const crossed = await browser.agent
      .put(`${PATH}/WECHAT`)
      .set('Origin', kit.origin)
      .set('X-CSRF-Token', another.csrfToken!)
      .send({ state: false });
    expect(crossed.status).toBe(403);
  });

  it('refuses a sign-in from another origin, and one without any Origin', async () => {
    const user = await kit.newUser();
    const browser = kit.newBrowser();
    const cross = await browser.agent
      .post(`${SESSION_PATH}/sms-code`)
      .set('Origin', 'https://evil.example')
      .send({ mobile: user.mobile });
    expect(cross.status).toBe(403);
    expect(kit.sms.attempted.filter((m) => m.mobile === user.mobile)).toHaveLength(0);
    const bare = await browser.agent
      .post(SESSION_PATH)
      .send({ mobile: user.mobile, code: '123456' });
    expect(bare.body).toEqual(CROSS_ORIGIN);
  });

  it('makes a stolen cookie worthless once its session signs out', async () => {
    const user = await kit.newUser();
    const browser = kit.newBrowser();
    await browser.signInWithSms(user.mobile);
    const stolen = browser.cookie('wb_session')!;

    const out = await browser.change('delete', SESSION_PATH);
    expect(out.body).toEqual({ code: 200, data: '操作成功', msg: 'success' });
    expect(setCookies(out).wb_session).toMatch(/^wb_session=;/);

    const replay = await kit.admin.http().get(PATH).set('Cookie', `wb_session=${stolen}`);
    expect({ status: replay.status, body: replay.body }).toEqual({
      status: 401,
      body: UNAUTHENTICATED,
    });
  });

  it('refuses a code sent for another mobile, and a code sent to another browser', async () => {
    const [victim, attacker] = [await kit.newUser(), await kit.newUser()];
    const browser = kit.newBrowser();
    await browser.sendCode(attacker.mobile);
    const code = kit.sms.codeFor(attacker.mobile);
    const other = await browser.post(SESSION_PATH, { mobile: victim.mobile, code });
    expect({ status: other.status, body: other.body }).toEqual({
      status: 403,
      body: { code: 403, msg: '验证码已失效，请重新获取' },
    });

    // The victim's own code, typed in another browser (a shoulder-surfed SMS): not this one's.
    const victimBrowser = kit.newBrowser();
    await victimBrowser.sendCode(victim.mobile);
    const elsewhere = await kit
      .newBrowser()
      .post(SESSION_PATH, { mobile: victim.mobile, code: kit.sms.codeFor(victim.mobile) });
    expect(elsewhere.status).toBe(403);
    expect(setCookies(elsewhere).wb_session).toBeUndefined();
    // …and the victim can still use it.
    const own = await victimBrowser.post(SESSION_PATH, {
      mobile: victim.mobile,
      code: kit.sms.codeFor(victim.mobile),
    });
    expect(own.status).toBe(200);
  });

  it('counts wrong codes and burns the code after the allowed tries', async () => {
    const user = await kit.newUser();
    const browser = kit.newBrowser();
    await browser.sendCode(user.mobile);
    const right = kit.sms.codeFor(user.mobile);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt < 5; attempt += 1) {
      const response = await browser.post(SESSION_PATH, { mobile: user.mobile, code: wrong });
      expect(response.body).toEqual({ code: 403, msg: '验证码错误' });
    }
    expect((await browser.post(SESSION_PATH, { mobile: user.mobile, code: wrong })).body.msg).toBe(
      '验证码错误',
    );
    const late = await browser.post(SESSION_PATH, { mobile: user.mobile, code: right });
    expect(late.body).toEqual({ code: 403, msg: '验证码已失效，请重新获取' });
  });

  it('signs nobody in with a mobile no user has, after the code proved it', async () => {
    const mobile = uniqueMobile();
    const browser = kit.newBrowser();
    // The send says nothing about whether the number has an account.
    expect((await browser.sendCode(mobile)).status).toBe(200);
    const response = await browser.post(SESSION_PATH, { mobile, code: kit.sms.codeFor(mobile) });
    expect(response.body).toEqual({ code: 403, msg: '该手机号未绑定任何用户' });
    expect(setCookies(response).wb_session).toBeUndefined();
  });

  it('replaces a session id planted before the sign-in (session fixation)', async () => {
    const user = await kit.newUser();
    const attacker = kit.newBrowser();
    await attacker.signInWithSms((await kit.newUser()).mobile);
    const planted = attacker.cookie('wb_session')!;

    // The victim's browser carries the attacker's session cookie and signs in.
    const victim = kit.newBrowser();
    await victim.sendCode(user.mobile);
    const signedIn = await victim.agent
      .post(SESSION_PATH)
      .set('Origin', kit.origin)
      .set('Cookie', `wb_session=${planted}; wb_signin=${victim.cookie('wb_signin')}`)
      .send({ mobile: user.mobile, code: kit.sms.codeFor(user.mobile) });
    expect(signedIn.status).toBe(200);
    const issued = /^wb_session=([\w-]+);/.exec(setCookies(signedIn).wb_session!)![1]!;
    expect(issued).not.toBe(planted);
    // The planted id is dead now, and never became the victim's.
    const withPlanted = await kit.admin
      .http()
      .get(SESSION_PATH)
      .set('Cookie', `wb_session=${planted}`);
    expect(withPlanted.status).toBe(401);
    const withIssued = await kit.admin
      .http()
      .get(SESSION_PATH)
      .set('Cookie', `wb_session=${issued}`);
    expect(withIssued.body.data.user.id).toBe(user.userId);

    // A made-up id signs nobody in either.
    const invented = await kit.admin
      .http()
      .get(SESSION_PATH)
      .set('Cookie', `wb_session=${'A'.repeat(43)}`);
    expect(invented.status).toBe(401);
  });

  it('answers bad input in the envelope and sends nothing', async () => {
    const browser = kit.newBrowser();
    const before = kit.sms.attempted.length;
    for (const body of [{}, { mobile: '12345' }, { mobile: ['13800138000'] }, []]) {
      const response = await browser.post(`${SESSION_PATH}/sms-code`, body as object);
      expect(response.status).toBe(403);
      expect(response.body.msg).toBe('请求数据验证失败!');
      expect(Object.keys(response.body.data)).toEqual(['mobile']);
    }
    const noCode = await browser.post(SESSION_PATH, { mobile: uniqueMobile(), code: '12' });
    expect(noCode.body.data).toEqual({ code: ['code 格式不正确。'] });
    const neither = await browser.post(SESSION_PATH, {});
    expect(Object.keys(neither.body.data).sort()).toEqual(['code', 'state', 'type']);
    expect(kit.sms.attempted.length).toBe(before);
  });

  it('limits codes per browser and mobile without letting another browser spend the allowance', async () => {
    const user = await kit.newUser();
    const attacker = kit.newBrowser();
    expect((await attacker.sendCode(user.mobile)).status).toBe(200);
    const again = await attacker.sendCode(user.mobile);
    expect(again.status).toBe(429);
    expect(again.body).toEqual({ code: 429, msg: '操作过于频繁，请稍后再试' });
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    // The owner of the phone, in their own browser, is not held up by the attacker's requests.
    expect((await kit.newBrowser().sendCode(user.mobile)).status).toBe(200);
  });

  it('answers who is signed in for a token too, without a CSRF token', async () => {
    const admin = await kit.admin.newAdmin();
    const me = await kit.admin.http().get(SESSION_PATH).set('Authorization', admin.auth);
    expect(me.body.data).toEqual({
      user: { id: admin.userId, name: expect.any(String), mobile: null },
      signedInWith: 'token',
      csrfToken: null,
    });
    expect((await kit.admin.http().get(SESSION_PATH)).body).toEqual(UNAUTHENTICATED);
  });
});
