import { DING_APP, getJson, postJson, sleep, useSandbox } from '../../test-support/sandbox-fixture';

const fx = useSandbox();

const authParams = {
  redirect_uri: 'https://admin.example/oauth/dingtalk',
  response_type: 'code',
  client_id: DING_APP.clientId,
  scope: 'openid',
  state: 'nonce-ding',
  prompt: 'consent',
};

async function carol() {
  return fx.control.registerDingtalkUser({
    nick: 'Carol',
    avatarUrl: 'https://avatars.example/carol.png',
    mobile: '13900139000',
    email: 'carol@example.com',
  });
}

function userToken(body: Record<string, unknown>) {
  return postJson(fx.url, '/v1.0/oauth2/userAccessToken', {
    clientId: DING_APP.clientId,
    clientSecret: DING_APP.clientSecret,
    grantType: 'authorization_code',
    ...body,
  });
}

function me(token?: string) {
  return getJson(
    fx.url,
    '/v1.0/contact/users/me',
    {},
    token === undefined ? {} : { 'x-acs-dingtalk-access-token': token },
  );
}

/** A DingTalk error reply: the HTTP status and `{ code, message, requestid }`. */
function expectDingtalkError(
  reply: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ code, message: expect.any(String) });
  expect(reply.body.requestid).toMatch(/^[0-9A-F-]{36}$/);
}

describe('GET /oauth2/auth (consent page)', () => {
  it('lists DingTalk users and posts to the authorize handler', async () => {
    const user = await carol();
    const url = new URL('/oauth2/auth', fx.url);
    for (const [name, value] of Object.entries(authParams)) url.searchParams.set(name, value);

    const response = await fetch(url);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/oauth2/auth/authorize">');
    expect(html).toContain(`value="${user.unionId}" aria-label="Allow as Carol">Allow</button>`);
    expect(html).toContain('>Refuse</button>');
  });

  it('redirects with authCode (and the same value as code) and state', async () => {
    const user = await carol();
    const response = await fetch(new URL('/oauth2/auth/authorize', fx.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authParams, user: user.unionId }),
      redirect: 'manual',
    });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('authCode')).toMatch(/^[0-9a-f]{32}$/);
    expect(location.searchParams.get('code')).toBe(location.searchParams.get('authCode'));
    expect(location.searchParams.get('state')).toBe('nonce-ding');
  });

  it('redirects a refusal with error=access_denied', async () => {
    const url = new URL('/oauth2/auth/authorize', fx.url);
    for (const [name, value] of Object.entries({ ...authParams, decision: 'refuse' })) {
      url.searchParams.set(name, value);
    }
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.headers.get('location')).toBe(
      'https://admin.example/oauth/dingtalk?error=access_denied&state=nonce-ding',
    );
  });
});

describe('POST /v1.0/oauth2/userAccessToken', () => {
  it('exchanges an authCode for accessToken, refreshToken, expireIn and corpId', async () => {
    const user = await carol();
    const { authCode } = await fx.control.mintDingtalkAuthCode({
      clientId: DING_APP.clientId,
      user: user.unionId,
    });

    const reply = await userToken({ code: authCode });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expireIn: 7200,
      corpId: expect.stringMatching(/^ding/),
    });
  });

  it('reports the organisation the user signs in as: their own corpId, else the app`s', async () => {
    const app = (await fx.control.listDingtalkApps()).apps.find(
      (candidate) => candidate.clientId === DING_APP.clientId,
    )!;
    const member = await carol();
    const outsider = await fx.control.registerDingtalkUser({
      nick: 'Dave',
      corpId: 'dingothercorp',
    });
    const corpOf = async (unionId: string) => {
      const { authCode } = await fx.control.mintDingtalkAuthCode({
        clientId: DING_APP.clientId,
        user: unionId,
      });
      return (await userToken({ code: authCode })).body.corpId;
    };
    expect(await corpOf(member.unionId)).toBe(app.corpId);
    expect(outsider.corpId).toBe('dingothercorp');
    expect(await corpOf(outsider.unionId)).toBe('dingothercorp');
  });

  it('accepts a code once, within its lifetime, from its own app', async () => {
    const user = await carol();
    const { authCode } = await fx.control.mintDingtalkAuthCode({
      clientId: DING_APP.clientId,
      user: user.unionId,
    });
    expect((await userToken({ code: authCode })).status).toBe(200);
    const reused = await userToken({ code: authCode });
    expectDingtalkError(reused, 400, 'invalidAuthCode');
    expect(reused.body.message).toBe('authCode has been used');

    await fx.control.setConfig({ codeTtlMs: 40 });
    const late = await fx.control.mintDingtalkAuthCode({
      clientId: DING_APP.clientId,
      user: user.unionId,
    });
    await sleep(70);
    expectDingtalkError(await userToken({ code: late.authCode }), 400, 'invalidAuthCode');

    await fx.control.registerDingtalkApp({ clientId: 'dingother', clientSecret: 'other' });
    const foreign = await fx.control.mintDingtalkAuthCode({
      clientId: 'dingother',
      user: user.unionId,
    });
    expectDingtalkError(await userToken({ code: foreign.authCode }), 400, 'invalidAuthCode');
  });

  it('checks the client credentials and required fields', async () => {
    expectDingtalkError(
      await userToken({ clientSecret: 'wrong', code: 'c' }),
      400,
      'invalidClientSecret',
    );
    expectDingtalkError(
      await userToken({ clientId: 'dingnobody', code: 'c' }),
      400,
      'invalidClientId',
    );
    const missing = await userToken({});
    expectDingtalkError(missing, 400, 'Missingcode');
    expect(missing.body.message).toBe('code is mandatory for this action.');
    expectDingtalkError(
      await postJson(fx.url, '/v1.0/oauth2/userAccessToken', 'nope'),
      400,
      'Missingbody',
    );
    expectDingtalkError(
      await userToken({ grantType: 'password', code: 'c' }),
      400,
      'invalidParameter',
    );
  });

  it('refreshes with grantType refresh_token', async () => {
    const user = await carol();
    const { authCode } = await fx.control.mintDingtalkAuthCode({
      clientId: DING_APP.clientId,
      user: user.unionId,
    });
    const first = await userToken({ code: authCode });

    const refreshed = await userToken({
      grantType: 'refresh_token',
      refreshToken: first.body.refreshToken,
    });

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).not.toBe(first.body.accessToken);
    expect((await me(refreshed.body.accessToken)).body.unionId).toBe(user.unionId);
    expectDingtalkError(
      await userToken({ grantType: 'refresh_token', refreshToken: 'forged' }),
      400,
      'invalidRefreshToken',
    );
  });
});

describe('GET /v1.0/contact/users/me', () => {
  async function tokenFor(
    unionId: string,
    clientId = DING_APP.clientId,
    clientSecret = DING_APP.clientSecret,
  ) {
    const { authCode } = await fx.control.mintDingtalkAuthCode({ clientId, user: unionId });
    const reply = await postJson(fx.url, '/v1.0/oauth2/userAccessToken', {
      clientId,
      clientSecret,
      code: authCode,
      grantType: 'authorization_code',
    });
    return reply.body.accessToken as string;
  }

  it('answers the profile behind the x-acs-dingtalk-access-token header', async () => {
    const user = await carol();

    const reply = await me(await tokenFor(user.unionId));

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      nick: 'Carol',
      avatarUrl: 'https://avatars.example/carol.png',
      mobile: '13900139000',
      stateCode: '86',
      email: 'carol@example.com',
      openId: user.openId,
      unionId: user.unionId,
      visitor: false,
    });
  });

  it('refuses a missing, forged or expired token with InvalidAuthentication', async () => {
    const user = await carol();
    expectDingtalkError(await me(), 400, 'InvalidAuthentication');
    expectDingtalkError(await me('forged'), 400, 'InvalidAuthentication');
    // The token must travel in the header: a query parameter is not DingTalk's v1.0 way.
    const token = await tokenFor(user.unionId);
    expectDingtalkError(
      await getJson(fx.url, '/v1.0/contact/users/me', { access_token: token }),
      400,
      'InvalidAuthentication',
    );

    await fx.control.setConfig({ accessTokenTtlMs: 40 });
    const shortLived = await tokenFor(user.unionId);
    await sleep(70);
    expectDingtalkError(await me(shortLived), 400, 'InvalidAuthentication');
  });

  it('answers 403 when the app lacks Contact.User.Read', async () => {
    const user = await carol();
    await fx.control.registerDingtalkApp({
      clientId: 'dingnoperm',
      clientSecret: 'np',
      contactUserRead: false,
    });

    const reply = await me(await tokenFor(user.unionId, 'dingnoperm', 'np'));

    expectDingtalkError(reply, 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
    expect(reply.body.accessdenieddetail).toEqual({ requiredScopes: ['Contact.User.Read'] });
  });
});
