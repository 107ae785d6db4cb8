import { createUser } from '../../libraries/users';
import { sha256Hex } from '../../libraries/token-hash';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

/**
 * An openid names a user; it does not prove the caller is that user (openids are in replies, logs
 * and shared links). send_verify_code and wxa_bind_mobile act only for the client holding the
 * session_token its wxa_authorize returned. Each attack below is made over HTTP as an attacker
 * would make it: with the victim's openid and everything else of their own.
 */
describe('the session_token: proof that the caller holds the WeChat identity', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({ TRUST_PROXY: 'true' });
  });
  afterAll(() => kit.close());

  let lastAddress = 0;
  /** A fresh client address (X-Forwarded-For, trusted here), so limits start empty per test. */
  const newAddress = () => `198.51.100.${(lastAddress += 1)}`;
  const post = (path: string, body: Record<string, unknown>, ip = '192.0.2.1') =>
    kit.http.post(path).set('X-Forwarded-For', ip).send(body);
  const unauthorized = accountsFailure(401, '请先授权登录');

  /** The attacker: their own WeChat (signed in), their own phone, and the victim's openid. */
  async function attacker() {
    const wechatUser = await kit.newWechatUser();
    const own = await kit.signIn(wechatUser);
    const phoneCode = async () =>
      (await kit.control.mintPhoneCode({ appid: kit.appId, user: wechatUser.unionid })).code;
    return { wechatUser, own, phone: wechatUser.phone!, phoneCode };
  }

  it('a user bound elsewhere without a mobile: their openid alone neither sends a code nor binds', async () => {
    // The victim has a user through another contract, no mobile, and opens the mini-program.
    const victimWechat = await kit.newWechatUser();
    const victim = await kit.signIn(victimWechat);
    const victimUser = await createUser(kit.context.models, { name: '别处绑定的用户' });
    await kit.context.models.ExternalAccount.update(
      { userId: victimUser.id, boundAt: new Date() },
      { where: { provider: 'wechat', accountKey: victimWechat.unionid } },
    );
    const { own, phone, phoneCode } = await attacker();

    for (const proof of [{}, { session_token: own.session_token }, { session_token: '' }]) {
      const body = { auth_app_id: kit.appId, openid: victim.openid, ...proof };
      const sent = await post('/accounts/send_verify_code', { ...body, mobile: phone });
      expect(sent.status).toBe(401);
      expect(sent.body).toEqual(unauthorized);
      const bound = await post('/accounts/wxa_bind_mobile', {
        ...body,
        phone_code: await phoneCode(),
      });
      expect(bound.status).toBe(401);
      expect(bound.body).toEqual(unauthorized);
    }
    expect(kit.sms.attempted.some((message) => message.mobile === phone)).toBe(false);
    expect((await kit.context.models.User.findByPk(victimUser.id))?.mobile).toBeNull();

    // The victim, with their own proof, binds their own phone to their own user.
    const theirs = await kit.bindWithSms(victim, victimWechat.phone!);
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toMatchObject({ uid: victimUser.id, mobile: victimWechat.phone });
  });

  it('a first-time user between authorize and bind: nobody else can bind their identity first', async () => {
    const victimWechat = await kit.newWechatUser();
    const victim = await kit.signIn(victimWechat);
    const { phone, phoneCode } = await attacker();

    const hijack = await post('/accounts/wxa_bind_mobile', {
      auth_app_id: kit.appId,
      openid: victim.openid,
      phone_code: await phoneCode(),
    });
    expect(hijack.body).toEqual(unauthorized);
    expect(await kit.context.models.User.count({ where: { mobile: phone } })).toBe(0);

    const { code } = await kit.control.mintPhoneCode({
      appid: kit.appId,
      user: victimWechat.unionid,
    });
    const own = await post('/accounts/wxa_bind_mobile', {
      auth_app_id: kit.appId,
      ...kit.proof(victim.openid),
      phone_code: code,
    });
    expect(own.status).toBe(200);
    expect(own.body.data.mobile).toBe(victimWechat.phone);
    const again = await kit.signIn(victimWechat);
    expect(again).toMatchObject({
      bound: true,
      uid: own.body.data.uid,
      mobile: victimWechat.phone,
    });
  });

  it('a live session cannot be spotted, and every 401 counts against the address', async () => {
    const ip = newAddress();
    const live = await kit.signIn(await kit.newWechatUser());
    const { openid: idle } = await kit.control.mintJsCode({
      appid: kit.appId,
      user: (await kit.newWechatUser()).unionid,
    });
    // Alternately each endpoint, alternately an openid with a live session and one without.
    const replies = [];
    for (let index = 0; index < 80; index += 1) {
      const openid = index % 4 < 2 ? live.openid : idle;
      const body = { auth_app_id: kit.appId, openid, mobile: uniqueMobile() };
      replies.push(
        index % 2 === 0
          ? await post('/accounts/wxa_bind_mobile', { ...body, verify_code: '123456' }, ip)
          : await post('/accounts/send_verify_code', body, ip),
      );
    }
    // A live session and no session at all look the same.
    expect(replies[0]!.text).toBe(replies[2]!.text);
    expect(replies[1]!.text).toBe(replies[3]!.text);
    const statuses = replies.map((reply) => reply.status);
    expect(statuses).toEqual([...Array(30).fill(401), ...Array(50).fill(429)]);
    expect(replies.at(-1)!.body).toEqual(accountsFailure(429, '尝试次数过多，请 60 分钟后再试'));
    expect(Number(replies.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);

    // The failures have a bucket of their own: an honest client at the same address still binds.
    const honestWechat = await kit.newWechatUser();
    const honest = await kit.signIn(honestWechat);
    const { code } = await kit.control.mintPhoneCode({
      appid: kit.appId,
      user: honestWechat.unionid,
    });
    const bound = await post(
      '/accounts/wxa_bind_mobile',
      { auth_app_id: kit.appId, ...kit.proof(honest.openid), phone_code: code },
      ip,
    );
    expect(bound.status).toBe(200);
  });

  it('holds for its own openid only, until the next sign-in, the end of the session or a bind', async () => {
    const first = await kit.signIn(await kit.newWechatUser());
    const secondWechat = await kit.newWechatUser();
    const second = await kit.signIn(secondWechat);
    const send = (openid: string, session_token: string) =>
      post(
        '/accounts/send_verify_code',
        { auth_app_id: kit.appId, openid, session_token, mobile: uniqueMobile() },
        newAddress(),
      );

    // Another openid's token.
    expect((await send(first.openid, second.session_token)).body).toEqual(unauthorized);
    // A token with one character changed.
    const last = first.session_token.at(-1) === 'A' ? 'B' : 'A';
    expect((await send(first.openid, `${first.session_token.slice(0, -1)}${last}`)).status).toBe(
      401,
    );
    expect((await send(first.openid, first.session_token)).status).toBe(200);

    // Stored as a hash only, in a session that lives WXA_SESSION_TTL.
    const key = `wxa:session:${kit.appId}:${second.openid}`;
    const sealed = (await kit.context.redis.get(key))!;
    const stored = JSON.parse(kit.context.deps.secretBox.open(sealed));
    expect(stored.tokenHash).toBe(sha256Hex(second.session_token));
    expect(JSON.stringify(stored)).not.toContain(second.session_token);
    expect(await kit.context.redis.ttl(key)).toBeGreaterThan(1790);

    // A new sign-in replaces the session and its token.
    const renewed = await kit.signIn(secondWechat);
    expect(renewed.session_token).not.toBe(second.session_token);
    expect((await send(second.openid, second.session_token)).body).toEqual(unauthorized);
    expect((await send(second.openid, renewed.session_token)).status).toBe(200);

    // An expired session takes its token with it.
    await kit.context.redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await send(second.openid, renewed.session_token)).body).toEqual(unauthorized);
  });
});

describe('WXA_BIND_PROOF=openid (old clients only; unsafe)', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({ WXA_BIND_PROOF: 'openid' });
  });
  afterAll(() => kit.close());

  it('accepts a live session named by its openid alone, and still checks a token that is sent', async () => {
    const { openid, session_token } = await kit.signIn(await kit.newWechatUser());
    const mobile = uniqueMobile();
    const send = (extra: Record<string, string>) =>
      kit.http
        .post('/accounts/send_verify_code')
        .send({ auth_app_id: kit.appId, openid, mobile, ...extra });
    expect((await send({ session_token: `${session_token}x` })).status).toBe(401);
    expect((await send({})).status).toBe(200);
    const bound = await kit.http
      .post('/accounts/wxa_bind_mobile')
      .send({ auth_app_id: kit.appId, openid, mobile, verify_code: kit.sms.codeFor(mobile) });
    expect(bound.status).toBe(200);

    // Still no session, no bind.
    const { openid: stranger } = await kit.control.mintJsCode({
      appid: kit.appId,
      user: (await kit.newWechatUser()).unionid,
    });
    expect(
      (
        await kit.http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, openid: stranger, mobile: uniqueMobile() })
      ).status,
    ).toBe(401);
  });
});
