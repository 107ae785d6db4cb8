import { getJson, useSandbox, WEB_APP } from '../../test-support/sandbox-fixture';

/** An official account (公众号) on the same Open Platform account as the website app. */
const MP_APP = { appid: 'wxofficialacct0001', secret: 'mp-secret-0001' };
const fx = useSandbox({ apps: { wechat: [WEB_APP, MP_APP] } });

const authorizeParams = {
  appid: MP_APP.appid,
  redirect_uri: 'https://admin.example/oauth/wechat-mp',
  response_type: 'code',
  scope: 'snsapi_userinfo',
  state: 'nonce-mp',
};

function browse(path: string, query: Record<string, string>) {
  const url = new URL(path, fx.url);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return fetch(url, { redirect: 'manual' });
}

function exchange(code: string, app = MP_APP) {
  return getJson(fx.url, '/sns/oauth2/access_token', {
    appid: app.appid,
    secret: app.secret,
    code,
    grant_type: 'authorization_code',
  });
}

async function bob() {
  return fx.control.registerWechatUser({
    nickname: 'Bob',
    avatar: 'https://avatars.example/b.png',
  });
}

describe('GET /connect/oauth2/authorize (official-account web authorisation)', () => {
  it('shows a consent page that posts to the authorize handler', async () => {
    const user = await bob();
    const response = await browse('/connect/oauth2/authorize', authorizeParams);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/connect/oauth2/authorize/authorize">');
    expect(html).toContain('<input type="hidden" name="scope" value="snsapi_userinfo">');
    expect(html).toContain(`name="user" value="${user.unionid}"`);
  });

  it('refuses website-only scopes and unknown apps', async () => {
    const login = await browse('/connect/oauth2/authorize', {
      ...authorizeParams,
      scope: 'snsapi_login',
    });
    expect(login.status).toBe(400);
    const unknown = await browse('/connect/oauth2/authorize', {
      ...authorizeParams,
      appid: 'wxnobody',
    });
    expect(unknown.status).toBe(400);
  });

  it('redirects with a code the official account redeems, for its own openid and the same unionid', async () => {
    const user = await bob();
    const answer = await browse('/connect/oauth2/authorize/authorize', {
      ...authorizeParams,
      user: user.unionid,
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('nonce-mp');
    const code = location.searchParams.get('code')!;

    // Another app (the website app) cannot redeem the official account's code.
    expect((await exchange(code, WEB_APP)).body.errcode).toBe(40029);
    const token = await exchange(code);
    expect(token.body).toMatchObject({ scope: 'snsapi_userinfo', unionid: user.unionid });
    const webOpenid = user.openids[WEB_APP.appid];
    expect(token.body.openid).not.toBe(webOpenid);

    const info = await getJson(fx.url, '/sns/userinfo', {
      access_token: token.body.access_token,
      openid: token.body.openid,
    });
    expect(info.body).toMatchObject({ nickname: 'Bob', unionid: user.unionid });
  });

  it('redirects a refusal with the state only', async () => {
    const answer = await browse('/connect/oauth2/authorize/authorize', {
      ...authorizeParams,
      decision: 'refuse',
    });
    expect(answer.headers.get('location')).toBe(
      'https://admin.example/oauth/wechat-mp?state=nonce-mp',
    );
  });
});
