import jwt from 'jsonwebtoken';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUser } from '../../libraries/users';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

const SESSION_FIELDS = [
  'avatar',
  'created_at',
  'expiration',
  'mobile',
  'openid',
  'token',
  'uid',
  'username',
];

describe('POST /accounts/wxa_bind_mobile', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    // One-second resend interval: several tests send a second code to the same mobile.
    kit = await startAccountsKit({ SMS_RESEND_INTERVAL: '1' });
  });
  afterAll(() => kit.close());
  beforeEach(async () => {
    await kit.control.clearFaults();
    await kit.control.resetCalls();
  });

  const bind = (body: Record<string, unknown>) =>
    kit.http.post('/accounts/wxa_bind_mobile').send(body);
  const sendCode = async (openid: string, mobile: string) => {
    const sent = await kit.http
      .post('/accounts/send_verify_code')
      .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
    expect(sent.status).toBe(200);
    return kit.sms.codeFor(mobile);
  };
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const boundAccounts = (userId: string) =>
    kit.context.models.ExternalAccount.findAll({ where: { userId, provider: 'wechat' } });

  describe('with mobile + verify_code', () => {
    it("creates the user, binds the identity and signs in: exactly the document's fields", async () => {
      const wechatUser = await kit.newWechatUser({ nickname: '马化腾' });
      const { openid } = await kit.signIn(wechatUser);
      const mobile = uniqueMobile();
      const response = await bind({
        auth_app_id: kit.appId,
        ...kit.proof(openid),
        mobile,
        verify_code: await sendCode(openid, mobile),
      });

      expect(response.status).toBe(200);
      expect(response.body.status).toEqual({ code: 200, message: 'Ok all right.' });
      expect(response.body.success).toBe(true);
      const data = response.body.data;
      expect(Object.keys(data).sort()).toEqual(SESSION_FIELDS);
      expect(data).toMatchObject({
        avatar: wechatUser.avatar,
        expiration: 2592000,
        mobile,
        openid,
        username: '马化腾',
      });
      expect(Math.abs(data.created_at - Date.now() / 1000)).toBeLessThan(60);

      const claims = jwt.verify(data.token, kit.context.deps.config.jwtSecret, {
        algorithms: ['HS256'],
        complete: true,
      });
      expect(claims.header.alg).toBe('HS256');
      expect(claims.payload).toMatchObject({
        sub: data.uid,
        iat: data.created_at,
        exp: data.created_at + 2592000,
      });

      const user = await kit.context.models.User.findByPk(data.uid);
      expect(user).toMatchObject({ mobile, name: '马化腾', gender: 'female' });
      const [account] = await boundAccounts(data.uid);
      expect(account).toMatchObject({ unionId: wechatUser.unionid, boundAt: expect.any(Date) });
      const audit = await kit.context.models.AuditEvent.findOne({
        where: { action: 'wechat.bind', subjectId: account!.id },
      });
      expect(audit).toMatchObject({ actorType: 'user', actorId: data.uid });
      expect(audit!.details).toMatchObject({ via: 'verify_code', createdUser: true, openid });
      expect(JSON.stringify(audit!.details)).not.toContain(mobile);
    });

    it('binds to the user who already has the mobile, keeping their name', async () => {
      const mobile = uniqueMobile();
      const existing = await createUser(kit.context.models, { name: '老用户', mobile });
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const response = await kit.bindWithSms(openid, mobile);

      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ uid: existing.id, username: '老用户', mobile });
      expect(await kit.context.models.User.count({ where: { mobile } })).toBe(1);
    });

    it('refuses a mobile already bound to another WeChat identity: 400 该手机号已绑定, nothing changes', async () => {
      const mobile = uniqueMobile();
      const first = await kit.signIn(await kit.newWechatUser());
      const owner = await kit.bindWithSms(first.openid, mobile);
      expect(owner.status).toBe(200);

      const second = await kit.signIn(await kit.newWechatUser());
      await sleep(1_100); // the resend interval of this mobile
      const response = await kit.bindWithSms(second.openid, mobile);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(accountsFailure(400, '该手机号已绑定'));
      const accounts = await boundAccounts(owner.body.data.uid);
      expect(accounts).toHaveLength(1);
      const link = await kit.context.models.ExternalOpenId.findOne({
        where: { appId: kit.appId, openId: second.openid },
      });
      const secondAccount = await kit.context.models.ExternalAccount.findByPk(
        link!.externalAccountId,
      );
      expect(secondAccount).toMatchObject({ userId: null, boundAt: null });
    });

    it('signs in again when the identity is already bound to this mobile', async () => {
      const mobile = uniqueMobile();
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const first = await kit.bindWithSms(openid, mobile);
      await sleep(1_100);
      // The bind ended that sign-in's session: binding again takes a new one.
      await kit.signIn(wechatUser);
      const again = await kit.bindWithSms(openid, mobile);
      expect(again.status).toBe(200);
      expect(again.body.data.uid).toBe(first.body.data.uid);
    });

    it('refuses to move a bound identity to another mobile', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const first = await kit.bindWithSms(openid, uniqueMobile());
      await kit.signIn(wechatUser);
      const other = uniqueMobile();
      const response = await kit.bindWithSms(openid, other);
      expect(response.body).toEqual(accountsFailure(400, '该微信已绑定其他手机号'));
      expect(await kit.context.models.User.count({ where: { mobile: other } })).toBe(0);
      expect((await kit.context.models.User.findByPk(first.body.data.uid))?.mobile).toBe(
        first.body.data.mobile,
      );
    });

    it('gives the mobile to a user the identity was bound to without one', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const user = await createUser(kit.context.models, { name: '无手机号用户' });
      await kit.context.models.ExternalAccount.update(
        { userId: user.id, boundAt: new Date() },
        { where: { provider: 'wechat', accountKey: wechatUser.unionid } },
      );
      const mobile = uniqueMobile();
      const response = await kit.bindWithSms(openid, mobile);
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ uid: user.id, mobile, username: '无手机号用户' });
    });

    it('lets exactly one of several identities racing for one mobile win; the store stays consistent', async () => {
      const mobile = uniqueMobile();
      const contenders = [];
      for (let index = 0; index < 4; index += 1) {
        const { openid } = await kit.signIn(await kit.newWechatUser());
        if (index > 0) await sleep(1_050);
        contenders.push({ openid, code: await sendCode(openid, mobile) });
      }
      const replies = await Promise.all(
        contenders.map(({ openid, code }) =>
          bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: code }),
        ),
      );

      const won = replies.filter((reply) => reply.status === 200);
      const lost = replies.filter((reply) => reply.status !== 200);
      expect(won).toHaveLength(1);
      for (const reply of lost) expect(reply.body).toEqual(accountsFailure(400, '该手机号已绑定'));
      const users = await kit.context.models.User.findAll({ where: { mobile } });
      expect(users).toHaveLength(1);
      expect(users[0]!.id).toBe(won[0]!.body.data.uid);
      const accounts = await boundAccounts(users[0]!.id);
      expect(accounts).toHaveLength(1);
      const winnerLink = await kit.context.models.ExternalOpenId.findOne({
        where: { appId: kit.appId, openId: won[0]!.body.data.openid },
      });
      expect(accounts[0]!.id).toBe(winnerLink!.externalAccountId);
    });

    it('needs a wxa_authorize session: knowing an openid is not enough', async () => {
      const user = await kit.newWechatUser();
      const { openid } = await kit.control.mintJsCode({ appid: kit.appId, user: user.unionid });
      const response = await bind({
        auth_app_id: kit.appId,
        openid,
        mobile: uniqueMobile(),
        verify_code: '123456',
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(accountsFailure(401, '请先授权登录'));
    });

    it('burns a code after 5 wrong tries: 验证码错误 five times, then 验证码已失效', async () => {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const code = await sendCode(openid, mobile);
      const attempt = (verify_code: string) =>
        bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code });

      for (let tries = 0; tries < 5; tries += 1) {
        const wrong = await attempt(wrongCode(code));
        expect(wrong.status).toBe(400);
        expect(wrong.body).toEqual(accountsFailure(400, '验证码错误'));
      }
      expect((await attempt(code)).body).toEqual(accountsFailure(400, '验证码已失效'));
      expect(await kit.context.models.User.count({ where: { mobile } })).toBe(0);
    });

    it('counts parallel guesses one by one: only 5 are ever checked', async () => {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const code = await sendCode(openid, mobile);
      const guesses = Array.from({ length: 12 }, (_, index) =>
        String((Number(code) + 1 + index) % 1_000_000).padStart(6, '0'),
      );
      const replies = await Promise.all(
        guesses.map((verify_code) =>
          bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code }),
        ),
      );
      const messages = replies.map((reply) => reply.body.status.message);
      expect(messages.filter((message) => message === '验证码错误')).toHaveLength(5);
      expect(messages.filter((message) => message === '验证码已失效')).toHaveLength(7);
      expect(
        (await bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: code }))
          .body,
      ).toEqual(accountsFailure(400, '验证码已失效'));
    });

    it('accepts a code once, and a session_token for one successful bind', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const mobile = uniqueMobile();
      const code = await sendCode(openid, mobile);
      const body = { auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: code };
      expect((await bind(body)).status).toBe(200);
      // The bind ended the session: the same request again has no proof.
      expect((await bind(body)).body).toEqual(accountsFailure(401, '请先授权登录'));
      // A new session does not revive the spent code.
      await kit.signIn(wechatUser);
      expect((await bind({ ...body, ...kit.proof(openid) })).body).toEqual(
        accountsFailure(400, '验证码已失效'),
      );
    });

    it('accepts only the latest code sent', async () => {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const first = await sendCode(openid, mobile);
      await sleep(1_100);
      const second = await sendCode(openid, mobile);
      const stale = first === second ? wrongCode(second) : first;
      expect(
        (await bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: stale }))
          .body,
      ).toEqual(accountsFailure(400, '验证码错误'));
      expect(
        (await bind({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: second }))
          .status,
      ).toBe(200);
    });

    it('ties a code to the session it was sent for: another openid cannot use it', async () => {
      const victim = await kit.signIn(await kit.newWechatUser());
      const attacker = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const code = await sendCode(victim.openid, mobile);
      const stolen = await bind({
        auth_app_id: kit.appId,
        ...kit.proof(attacker.openid),
        mobile,
        verify_code: code,
      });
      expect(stolen.body).toEqual(accountsFailure(400, '验证码已失效'));
      const own = await bind({
        auth_app_id: kit.appId,
        ...kit.proof(victim.openid),
        mobile,
        verify_code: code,
      });
      expect(own.status).toBe(200);
    });

    it('refuses a code for another mobile than the one it was sent to', async () => {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const code = await sendCode(openid, mobile);
      const response = await bind({
        auth_app_id: kit.appId,
        ...kit.proof(openid),
        mobile: uniqueMobile(),
        verify_code: code,
      });
      expect(response.body).toEqual(accountsFailure(400, '验证码已失效'));
    });
  });

  describe('with phone_code (getPhoneNumber)', () => {
    const phoneBind = (openid: string, phone_code: string) =>
      bind({ auth_app_id: kit.appId, ...kit.proof(openid), phone_code });

    it('binds the number WeChat vouches for', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const { code } = await kit.control.mintPhoneCode({
        appid: kit.appId,
        user: wechatUser.unionid,
      });
      const response = await phoneBind(openid, code);

      expect(response.status).toBe(200);
      expect(Object.keys(response.body.data).sort()).toEqual(SESSION_FIELDS);
      expect(response.body.data).toMatchObject({ mobile: wechatUser.phone, openid });
      const audit = await kit.context.models.AuditEvent.findOne({
        where: { action: 'wechat.bind', actorId: response.body.data.uid },
      });
      expect(audit!.details).toMatchObject({ via: 'phone_code' });
    });

    it('refuses a used or unknown phone_code (40029)', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      const response = await phoneBind(openid, 'not-a-phone-code');
      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        accountsFailure(400, 'phone_code 无效或已过期，请重新获取手机号'),
      );
    });

    it('refuses a number outside mainland China', async () => {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const { code } = await kit.control.mintPhoneCode({
        appid: kit.appId,
        phone: '2025550123',
        countryCode: '1',
      });
      expect((await phoneBind(openid, code)).body).toEqual(
        accountsFailure(400, '仅支持中国大陆手机号'),
      );
    });

    it('refuses a number bound to another identity: 该手机号已绑定', async () => {
      const mobile = uniqueMobile();
      const first = await kit.signIn(await kit.newWechatUser());
      expect((await kit.bindWithSms(first.openid, mobile)).status).toBe(200);
      const second = await kit.signIn(await kit.newWechatUser());
      const { code } = await kit.control.mintPhoneCode({ appid: kit.appId, phone: mobile });
      expect((await phoneBind(second.openid, code)).body).toEqual(
        accountsFailure(400, '该手机号已绑定'),
      );
    });

    it('lets exactly one of two identities with the same number win', async () => {
      const mobile = uniqueMobile();
      const contenders = await Promise.all(
        [1, 2].map(async () => {
          const { openid } = await kit.signIn(await kit.newWechatUser());
          const { code } = await kit.control.mintPhoneCode({ appid: kit.appId, phone: mobile });
          return { openid, code };
        }),
      );
      const replies = await Promise.all(
        contenders.map(({ openid, code }) => phoneBind(openid, code)),
      );
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400]);
      expect(await kit.context.models.User.count({ where: { mobile } })).toBe(1);
    });

    it('needs a wxa_authorize session, and spends no phone_code without one', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.control.mintJsCode({
        appid: kit.appId,
        user: wechatUser.unionid,
      });
      const { code } = await kit.control.mintPhoneCode({
        appid: kit.appId,
        user: wechatUser.unionid,
      });
      expect((await bind({ auth_app_id: kit.appId, openid, phone_code: code })).body).toEqual(
        accountsFailure(401, '请先授权登录'),
      );
      expect((await kit.control.getCalls()).calls['/wxa/business/getuserphonenumber']).toBe(0);
    });

    it('refreshes the access token once when WeChat refuses it (40001), and tries again', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      // Warm the token cache first, so only the refresh is counted below.
      const warm = await kit.control.mintPhoneCode({ appid: kit.appId, phone: uniqueMobile() });
      await phoneBind((await kit.signIn(await kit.newWechatUser())).openid, warm.code);
      await kit.control.resetCalls();

      await kit.control.addFault({
        endpoint: '/wxa/business/getuserphonenumber',
        kind: 'errcode',
        errcode: 40001,
      });
      const { code } = await kit.control.mintPhoneCode({
        appid: kit.appId,
        user: wechatUser.unionid,
      });
      const response = await phoneBind(openid, code);

      expect(response.status).toBe(200);
      const { calls } = await kit.control.getCalls();
      expect(calls['/wxa/business/getuserphonenumber']).toBe(2);
      // Normal mode gave back the refused token, so the cache forced a new one.
      expect(calls['/cgi-bin/stable_token']).toBe(2);
    });

    it('gives up after one refresh if WeChat refuses the new token too: 502', async () => {
      const wechatUser = await kit.newWechatUser();
      const { openid } = await kit.signIn(wechatUser);
      await kit.control.addFault({
        endpoint: '/wxa/business/getuserphonenumber',
        kind: 'errcode',
        errcode: 42001,
        times: 2,
      });
      const { code } = await kit.control.mintPhoneCode({
        appid: kit.appId,
        user: wechatUser.unionid,
      });
      const response = await phoneBind(openid, code);
      expect(response.status).toBe(502);
      expect((await kit.control.getCalls()).calls['/wxa/business/getuserphonenumber']).toBe(2);
    });
  });

  describe('validation, in the envelope', () => {
    const base = { auth_app_id: 'a', openid: 'o' };
    it.each([
      [{ openid: 'o', mobile: '13800138000', verify_code: '123456' }, 'auth_app_id 不能为空'],
      [{ auth_app_id: 'a', mobile: '13800138000', verify_code: '123456' }, 'openid 不能为空'],
      [{ ...base, verify_code: '123456' }, 'mobile 不能为空'],
      [{ ...base, mobile: '13800138000' }, 'verify_code 不能为空'],
      [base, 'mobile 不能为空；verify_code 不能为空'],
      [{ ...base, mobile: '1380013800', verify_code: '123456' }, 'mobile 格式不正确'],
      [{ ...base, mobile: '13800138000', verify_code: '12345' }, 'verify_code 格式不正确'],
      [{ ...base, mobile: '13800138000', verify_code: 'abcdef' }, 'verify_code 格式不正确'],
      [{ ...base, mobile: '13800138000', verify_code: 123456 }, 'verify_code 必须是字符串'],
      [{ ...base, phone_code: '' }, 'phone_code 不能为空'],
      [{ ...base, phone_code: 'c', mobile: '13800138000' }, 'mobile 不能与 phone_code 同时提供'],
      [
        { ...base, phone_code: 'c', mobile: '13800138000', verify_code: '123456' },
        'mobile 不能与 phone_code 同时提供；verify_code 不能与 phone_code 同时提供',
      ],
    ])('%j → %s', async (body, message) => {
      const response = await bind(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(accountsFailure(400, message));
    });
  });
});

describe('wxa_bind_mobile: the access token under load', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit();
  });
  afterAll(() => kit.close());

  it('fetches the access token exactly once for twenty parallel phone_code binds', async () => {
    const requests = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const wechatUser = await kit.newWechatUser();
        const { openid } = await kit.signIn(wechatUser);
        const { code } = await kit.control.mintPhoneCode({
          appid: kit.appId,
          user: wechatUser.unionid,
        });
        return { openid, code, mobile: wechatUser.phone };
      }),
    );
    await kit.control.resetCalls();

    const replies = await Promise.all(
      requests.map(({ openid, code }) =>
        kit.http
          .post('/accounts/wxa_bind_mobile')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), phone_code: code }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    expect(replies.map((reply) => reply.body.data.mobile).sort()).toEqual(
      requests.map((request) => request.mobile).sort(),
    );
    const { calls } = await kit.control.getCalls();
    expect(calls['/cgi-bin/stable_token']).toBe(1);
    expect(calls['/wxa/business/getuserphonenumber']).toBe(20);
  });
});

describe('wxa_bind_mobile: code lifetime and check limits', () => {
  it('refuses an expired code: 验证码已失效', async () => {
    const kit = await startAccountsKit({ VERIFY_CODE_TTL: '1' });
    try {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const sent = await kit.http
        .post('/accounts/send_verify_code')
        .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
      expect(sent.body.data.expires_in).toBe(1);
      await sleep(1_500);
      const response = await kit.http.post('/accounts/wxa_bind_mobile').send({
        auth_app_id: kit.appId,
        ...kit.proof(openid),
        mobile,
        verify_code: kit.sms.codeFor(mobile),
      });
      expect(response.body).toEqual(accountsFailure(400, '验证码已失效'));
    } finally {
      await kit.close();
    }
  });

  it('checks at most WXA_BIND_HOURLY_LIMIT_PER_IP codes an hour from one IP', async () => {
    const kit = await startAccountsKit({ WXA_BIND_HOURLY_LIMIT_PER_IP: '3' });
    try {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const attempt = () =>
        kit.http.post('/accounts/wxa_bind_mobile').send({
          auth_app_id: kit.appId,
          ...kit.proof(openid),
          mobile: uniqueMobile(),
          verify_code: '000000',
        });
      for (let tries = 0; tries < 3; tries += 1) expect((await attempt()).status).toBe(400);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual(accountsFailure(429, '尝试次数过多，请 60 分钟后再试'));
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await kit.close();
    }
  });
});
