import { getJson, sleep, useSandbox } from '../../test-support/sandbox-fixture';

const CORP = { corpId: 'wwcorp0000000001', agentId: '1000002', secret: 'wecom-agent-secret-0001' };
const fx = useSandbox({ apps: { wecom: [CORP] } });

const loginParams = {
  login_type: 'CorpApp',
  appid: CORP.corpId,
  agentid: CORP.agentId,
  redirect_uri: 'https://admin.example/oauth/wecom',
  state: 'nonce-wecom',
};

function gettoken(query: Record<string, string> = {}) {
  return getJson(fx.url, '/cgi-bin/gettoken', {
    corpid: CORP.corpId,
    corpsecret: CORP.secret,
    ...query,
  });
}

async function token(): Promise<string> {
  return (await gettoken()).body.access_token as string;
}

function getuserinfo(query: Record<string, string>) {
  return getJson(fx.url, '/cgi-bin/auth/getuserinfo', query);
}

function dana() {
  return fx.control.registerWecomUser({ corpId: CORP.corpId, userId: 'dana', name: 'Dana' });
}

describe('GET /wwlogin/sso/login (consent page)', () => {
  it('lists the corp`s people and posts to the authorize handler', async () => {
    await dana();
    await fx.control.registerWecomUser({ corpId: 'wwothercorp', userId: 'eve', name: 'Eve' });
    const url = new URL('/wwlogin/sso/login', fx.url);
    for (const [name, value] of Object.entries(loginParams)) url.searchParams.set(name, value);
    const response = await fetch(url);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/wwlogin/sso/login/authorize">');
    expect(html).toContain('value="dana" aria-label="Allow as Dana">Allow</button>');
    expect(html).not.toContain('Eve');
  });

  it('redirects with code, state and the corp id; a refusal with the state only', async () => {
    await dana();
    const allowed = await fetch(new URL('/wwlogin/sso/login/authorize', fx.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...loginParams, user: 'dana' }),
      redirect: 'manual',
    });
    expect(allowed.status).toBe(302);
    const location = new URL(allowed.headers.get('location')!);
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
    expect(location.searchParams.get('state')).toBe('nonce-wecom');
    expect(location.searchParams.get('appid')).toBe(CORP.corpId);

    const refused = new URL('/wwlogin/sso/login/authorize', fx.url);
    for (const [name, value] of Object.entries({ ...loginParams, decision: 'refuse' })) {
      refused.searchParams.set(name, value);
    }
    const answer = await fetch(refused, { redirect: 'manual' });
    expect(answer.headers.get('location')).toBe(
      'https://admin.example/oauth/wecom?state=nonce-wecom',
    );
  });

  it('refuses a link without login_type=CorpApp or for an unknown agent', async () => {
    for (const params of [
      { ...loginParams, login_type: 'ServiceApp' },
      { ...loginParams, agentid: '999' },
    ]) {
      const url = new URL('/wwlogin/sso/login', fx.url);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      expect((await fetch(url)).status).toBe(400);
    }
  });
});

describe('GET /cgi-bin/gettoken', () => {
  it('issues an access_token for the corp id and the agent`s secret', async () => {
    const reply = await gettoken();
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      access_token: expect.any(String),
      expires_in: 7200,
    });
  });

  it('refuses missing, unknown and wrong credentials with WeCom`s errcodes', async () => {
    expect((await gettoken({ corpid: '' })).body.errcode).toBe(41002);
    expect((await gettoken({ corpsecret: '' })).body.errcode).toBe(41004);
    expect((await gettoken({ corpid: 'wwnobody' })).body.errcode).toBe(40013);
    expect((await gettoken({ corpsecret: 'wrong' })).body.errcode).toBe(40001);
  });
});

describe('GET /cgi-bin/auth/getuserinfo', () => {
  it('answers a member`s userid for a code, once', async () => {
    await dana();
    const { code } = await fx.control.mintWecomCode({ ...CORP, user: 'dana' });
    const accessToken = await token();
    const reply = await getuserinfo({ access_token: accessToken, code });
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'dana',
      user_ticket: expect.any(String),
    });
    expect((await getuserinfo({ access_token: accessToken, code })).body.errcode).toBe(40029);
  });

  it('answers an openid, not a userid, for a non-member', async () => {
    const guest = await fx.control.registerWecomUser({
      corpId: CORP.corpId,
      name: 'Guest',
      member: false,
    });
    const { code } = await fx.control.mintWecomCode({ ...CORP, user: guest.userId });
    const reply = await getuserinfo({ access_token: await token(), code });
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok', openid: guest.openId });
  });

  it('refuses a code of another corp`s agent, and leaves it usable by its own', async () => {
    const other = { corpId: 'wwcorp0000000002', agentId: '1000009', secret: 'other-secret' };
    await fx.control.registerWecomApp(other);
    await fx.control.registerWecomUser({ corpId: other.corpId, userId: 'dana', name: 'Dana' });
    const { code } = await fx.control.mintWecomCode({ ...other, user: 'dana' });
    expect((await getuserinfo({ access_token: await token(), code })).body.errcode).toBe(40029);
    const own = await gettoken({ corpid: other.corpId, corpsecret: other.secret });
    const reply = await getuserinfo({ access_token: own.body.access_token, code });
    expect(reply.body.userid).toBe('dana');
  });

  it('checks the access token: missing 41001, unknown 40014, expired 42001', async () => {
    await dana();
    const { code } = await fx.control.mintWecomCode({ ...CORP, user: 'dana' });
    expect((await getuserinfo({ code })).body.errcode).toBe(41001);
    expect((await getuserinfo({ access_token: 'forged', code })).body.errcode).toBe(40014);
    await fx.control.setConfig({ accessTokenTtlMs: 40 });
    const shortLived = await token();
    await sleep(70);
    expect((await getuserinfo({ access_token: shortLived, code })).body.errcode).toBe(42001);
    expect((await getuserinfo({ access_token: await token() })).body.errcode).toBe(41008);
  });

  it('plays queued WeChat-style faults', async () => {
    await fx.control.addFault({ endpoint: '/cgi-bin/gettoken', kind: 'errcode', errcode: -1 });
    expect((await gettoken()).body.errcode).toBe(-1);
    expect((await fx.control.getCalls()).calls['/cgi-bin/gettoken']).toBe(1);
  });
});
