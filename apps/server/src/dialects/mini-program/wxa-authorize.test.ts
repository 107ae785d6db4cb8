import { ACCOUNTS_OK_MESSAGE } from '@wechat-bind/dto';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

describe('POST /accounts/wxa_authorize', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit();
  });
  afterAll(() => kit.close());
  beforeEach(async () => {
    await kit.control.clearFaults();
    await kit.control.resetCalls();
  });

  /** 32 random bytes, base64url. */
  const SESSION_TOKEN = /^[\w-]{43}$/;
  const authorize = (body: unknown) =>
    kit.http.post('/accounts/wxa_authorize').send(body as object);
  const accountsOf = (unionId: string) =>
    kit.context.models.ExternalAccount.findAll({
      where: { provider: 'wechat', accountKey: unionId },
    });

  it('signs in a new user: the identity from code2session, the profile from the decrypted data', async () => {
    const user = await kit.newWechatUser({ nickname: '小程序新用户' });
    const response = await authorize(await kit.authorizeBody(user));

    expect(response.status).toBe(200);
    const openid = user.openids[kit.appId] ?? response.body.data.openid;
    expect(response.body).toEqual({
      data: {
        openid,
        unionid: user.unionid,
        nickname: '小程序新用户',
        avatar: user.avatar,
        gender: 2,
        bound: false,
        is_bind: false,
        session_token: expect.stringMatching(SESSION_TOKEN),
      },
      status: { code: 200, message: ACCOUNTS_OK_MESSAGE },
      success: true,
    });
    const [account] = await accountsOf(user.unionid);
    expect(account).toMatchObject({
      unionId: user.unionid,
      userId: null,
      nickname: '小程序新用户',
    });
    const link = await kit.context.models.ExternalOpenId.findOne({
      where: { provider: 'wechat', appId: kit.appId, openId: openid },
    });
    expect(link?.externalAccountId).toBe(account!.id);
    expect(JSON.stringify(response.body)).not.toMatch(/session_key/);
  });

  it('keeps the session key and the codes out of replies and logs', async () => {
    const user = await kit.newWechatUser();
    const minted = await kit.control.mintJsCode({ appid: kit.appId, user: user.unionid });
    const { encrypted_data, iv } = await kit.control.mintEncryptedData({
      appid: kit.appId,
      user: user.unionid,
    });
    const response = await authorize({
      js_code: minted.js_code,
      encrypted_data,
      iv,
      auth_app_id: kit.appId,
    });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain(minted.session_key);
    const logs = kit.context.logLines.join('');
    expect(logs).toContain('/accounts/wxa_authorize');
    for (const secret of [minted.session_key, minted.js_code, encrypted_data]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('signs in again without creating a second identity, and refreshes the profile', async () => {
    const user = await kit.newWechatUser({ nickname: '旧昵称' });
    await kit.signIn(user);
    const { js_code } = await kit.control.mintJsCode({ appid: kit.appId, user: user.unionid });
    const { encrypted_data, iv } = await kit.control.mintEncryptedData({
      appid: kit.appId,
      user: user.unionid,
      overrides: { nickName: '新昵称' },
    });
    const again = await authorize({ js_code, encrypted_data, iv, auth_app_id: kit.appId });

    expect(again.body.data).toMatchObject({ nickname: '新昵称', bound: false });
    const accounts = await accountsOf(user.unionid);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.nickname).toBe('新昵称');
  });

  it('signs a returning user in with this one call: every field wxa_bind_mobile returns', async () => {
    const user = await kit.newWechatUser();
    const first = await kit.signIn(user);
    const mobile = user.phone!;
    const bound = await kit.bindWithSms(first, mobile);
    expect(bound.status).toBe(200);

    const response = await authorize(await kit.authorizeBody(user));
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(data).toEqual({
      openid: first.openid,
      unionid: user.unionid,
      nickname: user.nickname,
      avatar: user.avatar,
      gender: 2,
      bound: true,
      is_bind: true,
      session_token: expect.stringMatching(SESSION_TOKEN),
      created_at: expect.any(Number),
      expiration: 2592000,
      mobile,
      token: expect.any(String),
      uid: bound.body.data.uid,
      username: user.nickname,
    });
    const me = await kit.http.get('/accounts/me').set('authorization', `Bearer ${data.token}`);
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ uid: bound.body.data.uid, mobile, openid: first.openid });
  });

  it('answers a legacy client byte for byte, with is_bind as the legacy name of bound', async () => {
    // Exactly what a client written for the original server sends: the document's four fields,
    // as a form-less JSON body, nothing else.
    const user = await kit.newWechatUser({ nickname: '老客户端' });
    const body = await kit.authorizeBody(user);
    const legacyBody = JSON.stringify({
      js_code: body.js_code,
      encrypted_data: body.encrypted_data,
      iv: body.iv,
      auth_app_id: body.auth_app_id,
    });
    const response = await kit.http
      .post('/accounts/wxa_authorize')
      .set('Content-Type', 'application/json')
      .send(legacyBody);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const sessionToken = String(response.body.data.session_token);
    expect(sessionToken).toMatch(SESSION_TOKEN);
    expect(response.text).toBe(
      JSON.stringify({
        data: {
          openid: user.openids[kit.appId] ?? response.body.data.openid,
          unionid: user.unionid,
          nickname: '老客户端',
          avatar: user.avatar,
          gender: 2,
          bound: false,
          is_bind: false,
          session_token: sessionToken,
        },
        status: { code: 200, message: 'Ok all right.' },
        success: true,
      }),
    );

    // Once the phone is bound, the same legacy request reads is_bind: true.
    const signedIn = { openid: response.body.data.openid, session_token: sessionToken };
    expect((await kit.bindWithSms(signedIn, user.phone!)).status).toBe(200);
    const again = await authorize(await kit.authorizeBody(user));
    expect(again.body.data).toMatchObject({ bound: true, is_bind: true, mobile: user.phone });
  });

  it('keys the identity by appId:openid when the mini-program has no Open Platform account', async () => {
    await kit.control.registerWechatApp({
      appid: kit.appId,
      secret: kit.context.deps.upstreams.miniprogramApps[0]!.secret,
      openPlatform: false,
    });
    try {
      const user = await kit.newWechatUser();
      const data = await kit.signIn(user);
      expect(data.unionid).toBeNull();
      expect(await accountsOf(`${kit.appId}:${data.openid}`)).toHaveLength(1);
      expect(await accountsOf(user.unionid)).toHaveLength(0);
    } finally {
      await kit.control.registerWechatApp({
        appid: kit.appId,
        secret: kit.context.deps.upstreams.miniprogramApps[0]!.secret,
      });
    }
  });

  describe('js_code', () => {
    it('exchanges a double-submitted code with WeChat once; both requests get the result', async () => {
      const user = await kit.newWechatUser();
      const body = await kit.authorizeBody(user);
      const replies = await Promise.all([authorize(body), authorize(body), authorize(body)]);

      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
      expect(new Set(replies.map((reply) => reply.body.data.openid)).size).toBe(1);
      expect((await kit.control.getCalls()).calls['/sns/jscode2session']).toBe(1);
      expect(await accountsOf(user.unionid)).toHaveLength(1);
    });

    it('refuses a used code sent with other data: 400, and WeChat is not asked again', async () => {
      const user = await kit.newWechatUser();
      const body = await kit.authorizeBody(user);
      expect((await authorize(body)).status).toBe(200);
      const { encrypted_data, iv } = await kit.control.mintEncryptedData({
        appid: kit.appId,
        user: user.unionid,
      });

      const reuse = await authorize({ ...body, encrypted_data, iv });
      expect(reuse.status).toBe(400);
      expect(reuse.body).toEqual(accountsFailure(400, 'js_code 已被使用，请重新登录'));
      expect((await kit.control.getCalls()).calls['/sns/jscode2session']).toBe(1);
    });

    it('answers WeChat\'s "code used" (40163) for a code another server exchanged', async () => {
      const user = await kit.newWechatUser();
      const body = await kit.authorizeBody(user);
      const { secret } = kit.context.deps.upstreams.miniprogramApps[0]!;
      await fetch(
        `${kit.sandbox.url}/sns/jscode2session?appid=${kit.appId}&secret=${secret}&js_code=${body.js_code}&grant_type=authorization_code`,
      );
      const response = await authorize(body);
      expect(response.body).toEqual(accountsFailure(400, 'js_code 已被使用，请重新登录'));
    });

    it('refuses an unknown code (40029)', async () => {
      const user = await kit.newWechatUser();
      const body = await kit.authorizeBody(user);
      const response = await authorize({ ...body, js_code: 'not-a-code-wechat-issued' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(accountsFailure(400, 'js_code 无效或已过期，请重新登录'));
    });

    it('refuses a user WeChat marks as risky (40226) with 403', async () => {
      const user = await kit.newWechatUser({ risky: true });
      const response = await authorize(await kit.authorizeBody(user));
      expect(response.body).toEqual(accountsFailure(403, '该微信账号存在安全风险，暂时无法登录'));
      expect(response.status).toBe(403);
    });

    it('answers 429 when WeChat rate-limits the app (45011)', async () => {
      const user = await kit.newWechatUser();
      await kit.control.addFault({
        endpoint: '/sns/jscode2session',
        kind: 'errcode',
        errcode: 45011,
      });
      const response = await authorize(await kit.authorizeBody(user));
      expect(response.status).toBe(429);
      expect(response.body.status.message).toBe('微信登录过于频繁，请稍后再试');
    });

    it('retries once when WeChat is busy (-1), then answers 502 if it still is', async () => {
      const user = await kit.newWechatUser();
      await kit.control.addFault({ endpoint: '/sns/jscode2session', kind: 'errcode', errcode: -1 });
      expect((await authorize(await kit.authorizeBody(user))).status).toBe(200);
      expect((await kit.control.getCalls()).calls['/sns/jscode2session']).toBe(2);

      await kit.control.addFault({
        endpoint: '/sns/jscode2session',
        kind: 'errcode',
        errcode: -1,
        times: 2,
      });
      const busy = await authorize(await kit.authorizeBody(user));
      expect(busy.status).toBe(502);
      expect(busy.body).toEqual(accountsFailure(502, '微信服务暂时不可用，请稍后重试'));
    });

    it('answers 502 when WeChat answers garbage', async () => {
      const user = await kit.newWechatUser();
      await kit.control.addFault({ endpoint: '/sns/jscode2session', kind: 'garbage' });
      const response = await authorize(await kit.authorizeBody(user));
      expect(response.status).toBe(502);
    });
  });

  describe('encrypted_data', () => {
    /** Refused, and nothing was recorded: no identity, no session to bind with. */
    async function expectNothingChanged(user: { unionid: string }, openid: string) {
      expect(await accountsOf(user.unionid)).toHaveLength(0);
      expect(await kit.context.redis.get(`wxa:session:${kit.appId}:${openid}`)).toBeNull();
    }

    it('refuses data whose watermark names another mini-program', async () => {
      const user = await kit.newWechatUser();
      const { js_code, openid } = await kit.control.mintJsCode({
        appid: kit.appId,
        user: user.unionid,
      });
      const { encrypted_data, iv } = await kit.control.mintEncryptedData({
        appid: kit.appId,
        user: user.unionid,
        overrides: { watermark: { appid: 'wxanotherminiprogram' } },
      });
      const response = await authorize({ js_code, encrypted_data, iv, auth_app_id: kit.appId });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        accountsFailure(400, 'encrypted_data 解密失败：数据不属于该小程序'),
      );
      await expectNothingChanged(user, openid);
    });

    it('refuses tampered ciphertext', async () => {
      const user = await kit.newWechatUser();
      const { js_code, openid } = await kit.control.mintJsCode({
        appid: kit.appId,
        user: user.unionid,
      });
      const { encrypted_data, iv } = await kit.control.mintEncryptedData({
        appid: kit.appId,
        user: user.unionid,
      });
      const bytes = Buffer.from(encrypted_data, 'base64');
      bytes[bytes.length - 20]! ^= 0xff;
      const response = await authorize({
        js_code,
        encrypted_data: bytes.toString('base64'),
        iv,
        auth_app_id: kit.appId,
      });

      expect(response.status).toBe(400);
      expect(response.body.status.message).toMatch(/^encrypted_data 解密失败/);
      await expectNothingChanged(user, openid);
    });

    it('refuses data encrypted with another session key (a stale profile)', async () => {
      const user = await kit.newWechatUser();
      const { encrypted_data, iv } = await kit.control.mintEncryptedData({
        appid: kit.appId,
        user: user.unionid,
        session_key: Buffer.alloc(16, 9).toString('base64'),
      });
      const { js_code } = await kit.control.mintJsCode({ appid: kit.appId, user: user.unionid });
      const response = await authorize({ js_code, encrypted_data, iv, auth_app_id: kit.appId });
      expect(response.body).toEqual(
        accountsFailure(400, 'encrypted_data 解密失败：数据已损坏或不属于本次登录'),
      );
    });

    it('refuses an iv that is not base64 of 16 bytes', async () => {
      const user = await kit.newWechatUser();
      const body = await kit.authorizeBody(user);
      const response = await authorize({ ...body, iv: 'bm90LTE2LWJ5dGVz' });
      expect(response.body).toEqual(
        accountsFailure(400, 'encrypted_data 解密失败：iv 不是有效的 base64'),
      );
    });

    it('takes openid and unionid from code2session, never from the decrypted data', async () => {
      const user = await kit.newWechatUser();
      const { js_code, openid } = await kit.control.mintJsCode({
        appid: kit.appId,
        user: user.unionid,
      });
      const { encrypted_data, iv } = await kit.control.mintEncryptedData({
        appid: kit.appId,
        user: user.unionid,
        overrides: { openId: 'o-someone-else', unionId: 'u-someone-else' },
      });
      const response = await authorize({ js_code, encrypted_data, iv, auth_app_id: kit.appId });
      expect(response.body.data).toMatchObject({ openid, unionid: user.unionid });
      expect(await accountsOf('u-someone-else')).toHaveLength(0);
    });
  });

  it('refuses an auth_app_id this server is not configured for, without calling WeChat', async () => {
    const user = await kit.newWechatUser();
    const body = await kit.authorizeBody(user);
    const response = await authorize({ ...body, auth_app_id: 'wx-not-ours' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(accountsFailure(400, 'auth_app_id 不是已接入的小程序'));
    expect((await kit.control.getCalls()).total).toBe(0);
  });

  describe('validation, in the envelope', () => {
    const valid = { js_code: 'c', encrypted_data: 'e', iv: 'i', auth_app_id: 'a' };

    it.each(['js_code', 'encrypted_data', 'iv', 'auth_app_id'])(
      '%s missing or empty',
      async (field) => {
        const missing = await authorize({ ...valid, [field]: undefined });
        expect(missing.status).toBe(400);
        expect(missing.body).toEqual(accountsFailure(400, `${field} 不能为空`));
        const empty = await authorize({ ...valid, [field]: '' });
        expect(empty.body).toEqual(accountsFailure(400, `${field} 不能为空`));
      },
    );

    it('names every missing field', async () => {
      const response = await authorize({});
      expect(response.body).toEqual(
        accountsFailure(
          400,
          'js_code 不能为空；encrypted_data 不能为空；iv 不能为空；auth_app_id 不能为空',
        ),
      );
    });

    it('refuses numbers where strings belong', async () => {
      const response = await authorize({ ...valid, js_code: 12345 });
      expect(response.body).toEqual(accountsFailure(400, 'js_code 必须是字符串'));
    });

    it('refuses an over-long field', async () => {
      const response = await authorize({ ...valid, js_code: 'x'.repeat(129) });
      expect(response.body).toEqual(accountsFailure(400, 'js_code 不能超过 128 个字符'));
    });

    it('refuses a body that is not an object, broken JSON, and other media types', async () => {
      const array = await authorize([valid]);
      expect(array.body).toEqual(accountsFailure(400, '请求数据必须是 JSON 对象'));
      const broken = await kit.http
        .post('/accounts/wxa_authorize')
        .set('content-type', 'application/json')
        .send('{"js_code":');
      expect(broken.body).toEqual(accountsFailure(400, '请求数据不是有效的 JSON'));
      const text = await kit.http
        .post('/accounts/wxa_authorize')
        .set('content-type', 'text/plain')
        .send('js_code=1');
      expect(text.body).toEqual(accountsFailure(415, '请求数据格式不支持'));
    });

    it('answers a wrong method and an unknown path in the envelope', async () => {
      const get = await kit.http.get('/accounts/wxa_authorize');
      expect(get.status).toBe(405);
      expect(get.body).toEqual(accountsFailure(405, '请求方法不允许'));
      const unknown = await kit.http.post('/accounts/nothing-here').send({});
      expect(unknown.body).toEqual(accountsFailure(404, '接口不存在'));
    });
  });
});
