import {
  expectWechatError,
  getJson,
  MINI_APP,
  sleep,
  useSandbox,
  WEB_APP,
} from '../../test-support/sandbox-fixture';

const fx = useSandbox();

const authorizeParams = {
  appid: WEB_APP.appid,
  redirect_uri: 'https://admin.example/oauth/wechat?from=settings',
  response_type: 'code',
  scope: 'snsapi_login',
  state: 'nonce-123',
};

async function alice() {
  return fx.control.registerWechatUser({
    nickname: 'Alice <admin>',
    avatar: 'https://avatars.example/alice.png',
    gender: 2,
    city: 'Hangzhou',
    province: 'Zhejiang',
    country: 'China',
  });
}

/** Follows nothing: the redirect itself is what WeChat's contract specifies. */
async function browse(path: string, init: RequestInit & { query?: Record<string, string> } = {}) {
  const url = new URL(path, fx.url);
  for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
  return fetch(url, { ...init, redirect: 'manual' });
}

function exchange(code: string, app = WEB_APP) {
  return getJson(fx.url, '/sns/oauth2/access_token', {
    appid: app.appid,
    secret: app.secret,
    code,
    grant_type: 'authorization_code',
  });
}

describe('GET /connect/qrconnect (consent page)', () => {
  it('lists the sandbox users with an accessible Allow button each, and a Refuse button', async () => {
    const user = await alice();
    const response = await browse('/connect/qrconnect', { query: authorizeParams });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form method="post" action="/connect/qrconnect/authorize">');
    expect(html).toContain(
      `<button type="submit" name="user" value="${user.unionid}" aria-label="Allow as Alice &lt;admin&gt;">Allow</button>`,
    );
    expect(html).toContain('<button type="submit" name="decision" value="refuse">Refuse</button>');
    expect(html).toContain(
      '<input type="hidden" name="redirect_uri" value="https://admin.example/oauth/wechat?from=settings">',
    );
  });

  it('refuses malformed links with an error page', async () => {
    for (const [change, reason] of [
      [{ appid: 'wxunknown0000000' }, 'appid wxunknown0000000 is not registered'],
      [{ scope: 'snsapi_base' }, 'scope must be snsapi_login'],
      [{ response_type: 'token' }, 'response_type must be code'],
      [{ redirect_uri: '' }, 'redirect_uri is missing'],
    ] as const) {
      const response = await browse('/connect/qrconnect', {
        query: { ...authorizeParams, ...change },
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(reason);
    }
  });
});

describe('consent → /sns/oauth2/access_token → /sns/userinfo', () => {
  it('redirects an allowed login with code and state, and the code yields the user', async () => {
    const user = await alice();

    // What the consent page's form submits when Alice presses Allow.
    const response = await browse('/connect/qrconnect/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authorizeParams, user: user.unionid }),
    });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://admin.example/oauth/wechat');
    expect(location.searchParams.get('from')).toBe('settings');
    expect(location.searchParams.get('state')).toBe('nonce-123');

    const token = await exchange(location.searchParams.get('code')!);
    expect(token.body).toEqual({
      access_token: expect.any(String),
      expires_in: 7200,
      refresh_token: expect.any(String),
      openid: expect.stringMatching(/^o[\w-]{27}$/),
      scope: 'snsapi_login',
      unionid: user.unionid,
    });

    const info = await getJson(fx.url, '/sns/userinfo', {
      access_token: token.body.access_token,
      openid: token.body.openid,
    });
    expect(info.body).toEqual({
      openid: token.body.openid,
      nickname: 'Alice <admin>',
      sex: 2,
      language: 'zh_CN',
      province: 'Zhejiang',
      city: 'Hangzhou',
      country: 'China',
      headimgurl: 'https://avatars.example/alice.png',
      privilege: [],
      unionid: user.unionid,
    });
  });

  it('can be driven by GET with user=<openid>, and keeps a fragment after the query', async () => {
    const user = await alice();
    const { openid } = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: user.unionid });

    const response = await browse('/connect/qrconnect/authorize', {
      query: { ...authorizeParams, redirect_uri: 'https://admin.example/#/bind', user: openid },
    });

    expect(response.headers.get('location')).toMatch(
      /^https:\/\/admin\.example\/\?code=[0-9a-f]{32}&state=nonce-123#\/bind$/,
    );
  });

  it('redirects a refusal with state only, as WeChat does', async () => {
    const response = await browse('/connect/qrconnect/authorize', {
      query: { ...authorizeParams, decision: 'refuse' },
    });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      'https://admin.example/oauth/wechat?from=settings&state=nonce-123',
    );
  });

  it('answers 40163 for a reused code, 40029 for an expired one', async () => {
    const user = await alice();
    const { code } = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: user.unionid });
    expect((await exchange(code)).body.access_token).toBeDefined();
    expectWechatError(await exchange(code), 40163, 'code been used');

    await fx.control.setConfig({ codeTtlMs: 40 });
    const late = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: user.unionid });
    await sleep(70);
    expectWechatError(await exchange(late.code), 40029, 'invalid code');
  });

  it('checks the app credentials', async () => {
    const user = await alice();
    const { code } = await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: user.unionid });

    expectWechatError(await exchange(code, { ...WEB_APP, secret: 'nope' }), 40125);
    expectWechatError(await exchange(code, MINI_APP), 40029);
    expectWechatError(await exchange(''), 41008);
    expect((await exchange(code)).body.openid).toBeDefined();
  });
});

describe('GET /sns/auth and /sns/userinfo with a mobile-app token', () => {
  it('accepts the token for its own openid only', async () => {
    const user = await alice();
    const token = await fx.control.mintUserAccessToken({
      appid: WEB_APP.appid,
      user: user.unionid,
    });

    expect(token).toMatchObject({
      expires_in: 7200,
      scope: 'snsapi_userinfo',
      unionid: user.unionid,
    });
    const ok = await getJson(fx.url, '/sns/auth', {
      access_token: token.access_token,
      openid: token.openid,
    });
    expect(ok.body).toEqual({ errcode: 0, errmsg: 'ok' });

    const other = await fx.control.registerWechatUser({ nickname: 'Eve', avatar: 'e' });
    const otherOpenid = (
      await fx.control.mintOauthCode({ appid: WEB_APP.appid, user: other.unionid })
    ).openid;
    expectWechatError(
      await getJson(fx.url, '/sns/auth', { access_token: token.access_token, openid: otherOpenid }),
      40003,
      'invalid openid',
    );
    expectWechatError(
      await getJson(fx.url, '/sns/userinfo', {
        access_token: token.access_token,
        openid: otherOpenid,
      }),
      40003,
    );
  });

  it('answers 40001 for an unknown token, 42001 for an expired one', async () => {
    const user = await alice();
    expectWechatError(
      await getJson(fx.url, '/sns/auth', { access_token: 'forged', openid: 'o1' }),
      40001,
    );
    expectWechatError(await getJson(fx.url, '/sns/auth', { openid: 'o1' }), 41001);
    expectWechatError(await getJson(fx.url, '/sns/auth', { access_token: 'forged' }), 41009);

    await fx.control.setConfig({ accessTokenTtlMs: 40 });
    const token = await fx.control.mintUserAccessToken({
      appid: WEB_APP.appid,
      user: user.unionid,
    });
    await sleep(70);
    expectWechatError(
      await getJson(fx.url, '/sns/userinfo', {
        access_token: token.access_token,
        openid: token.openid,
      }),
      42001,
    );
  });

  it('refuses /sns/userinfo to a snsapi_base grant', async () => {
    const user = await alice();
    const token = await fx.control.mintUserAccessToken({
      appid: WEB_APP.appid,
      user: user.unionid,
      scope: 'snsapi_base',
    });

    expectWechatError(
      await getJson(fx.url, '/sns/userinfo', {
        access_token: token.access_token,
        openid: token.openid,
      }),
      48001,
      'api unauthorized',
    );
  });
});
