import fc from 'fast-check';
import { verifyPassword } from '../../src/libraries/account-linking/password-hash';
import { uniqueEmail, uniqueMobile } from '../support/test-data';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

/**
 * Text that breaks naive code: SQL, markup, format strings, emoji, right-to-left marks, astral CJK.
 * (The sign-in trims a WeChat nickname's surrounding spaces and keeps at most 64 UTF-16 units, by
 * design; everything inside that is kept as sent.)
 */
const ODD = [
  "Robert'); DROP TABLE users;--",
  "1' OR '1'='1",
  '😀👩‍👩‍👧‍👦🇨🇳 ok',
  '\u202Eevil\u202C txt.exe',
  '\u200Fמשה\u200F',
  'مرحبا بالعالم',
  'Z̷̧͓a̵l̶g̸o̴',
  '<img src=x onerror=alert(1)>',
  '"quoted" and back\\slash',
  '𠜎𠜱𠝹 張三',
  'inner   spaces   kept',
  '%s%n%x {{7*7}} ${7*7}',
  'tab\there',
];

describe('odd but valid text is stored and returned unchanged', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  /** Signs in with the mini-program as a WeChat user with this nickname; the reply's data. */
  async function signInAs(nickname: string) {
    const wechatUser = await world.newWechatUser({ nickname });
    const appid = world.apps.mini.appId;
    const { js_code } = await world.control.mintJsCode({ appid, user: wechatUser.unionid });
    const { encrypted_data, iv } = await world.control.mintEncryptedData({
      appid,
      user: wechatUser.unionid,
    });
    const response = await world
      .http()
      .post('/accounts/wxa_authorize')
      .send({ js_code, encrypted_data, iv, auth_app_id: appid });
    expect(response.status).toBe(200);
    return { wechatUser, data: response.body.data };
  }

  it.each(ODD.map((text) => [JSON.stringify(text), text]))(
    'nickname %s: in the sign-in reply, the store, the Account and the session user',
    async (_shown, nickname) => {
      const { wechatUser, data } = await signInAs(nickname);
      expect(data.nickname).toBe(nickname);
      const stored = await world.context.models.ExternalAccount.findOne({
        where: { provider: 'wechat', accountKey: wechatUser.unionid },
      });
      expect(stored?.nickname).toBe(nickname);

      const account = await world
        .http()
        .get('/account/wx')
        .set('Authorization', `Bearer ${await world.clientKey()}`)
        .set('X-Union-Id', wechatUser.unionid);
      expect(account.body.wechat.nickname).toBe(nickname);

      const mobile = uniqueMobile();
      const body = {
        auth_app_id: world.apps.mini.appId,
        openid: data.openid,
        session_token: data.session_token,
        mobile,
      };
      expect((await world.http().post('/accounts/send_verify_code').send(body)).status).toBe(200);
      const bound = await world
        .http()
        .post('/accounts/wxa_bind_mobile')
        .send({ ...body, verify_code: world.sms.codeFor(mobile) });
      expect(bound.body.data.username).toBe(nickname);
      const me = await world
        .http()
        .get('/accounts/me')
        .set('Authorization', `Bearer ${bound.body.data.token}`);
      expect(me.body.data.username).toBe(nickname);
    },
  );

  it('any printable text as a nickname comes back as it went in', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Text the sign-in keeps as it is: it trims surrounding white space (see above).
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
          .filter((text) => text.trim() === text && text.length > 0),
        async (nickname) => {
          const { wechatUser, data } = await signInAs(nickname);
          expect(data.nickname).toBe(nickname);
          const stored = await world.context.models.ExternalAccount.findOne({
            where: { provider: 'wechat', accountKey: wechatUser.unionid },
          });
          expect(stored?.nickname).toBe(nickname);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('WeChat and DingTalk nicknames in the administrator list', async () => {
    const admin = await world.admin();
    const wechatNick = ODD[2]!;
    const dingtalkNick = ODD[3]!;
    const people = {
      WECHAT: (await world.newWechatUser({ nickname: wechatNick })).unionid,
      DING_TALK: (await world.control.registerDingtalkUser({ nick: dingtalkNick })).unionId,
    };
    for (const type of ['WECHAT', 'DING_TALK'] as const) {
      const started = await world
        .http()
        .put(`/api/administrator/user/oauth-binding/${type}`)
        .set('Authorization', admin.auth)
        .send({ state: false });
      const url = new URL(started.body.data);
      url.pathname = `${url.pathname}/authorize`;
      url.searchParams.set('user', people[type]);
      url.hash = '';
      const params = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
        .searchParams;
      const bound = await world
        .http()
        .post('/api/administrator/user/oauth-binding')
        .set('Authorization', admin.auth)
        .send({
          type,
          code: params.get('code') ?? params.get('authCode'),
          state: params.get('state'),
        });
      expect(bound.status).toBe(200);
    }
    const list = await world
      .http()
      .get('/api/administrator/user/oauth-binding')
      .set('Authorization', admin.auth);
    expect(list.body.data.map((binding: { nickname: string }) => binding.nickname)).toEqual([
      wechatNick,
      dingtalkNick,
    ]);
  });

  it('a password of emoji, quotes and right-to-left marks works as typed', async () => {
    const password = "p@ss 😀 '; DROP --\u202E";
    const unionId = await world.wechatAccount();
    const email = uniqueEmail();
    const signup = await world
      .http()
      .post('/account/wx/signup')
      .set('Authorization', `Bearer ${await world.clientKey()}`)
      .set('X-Union-Id', unionId)
      .send({ email, password });
    expect(signup.status).toBe(200);
    const user = await world.context.models.User.findOne({ where: { email } });
    expect(await verifyPassword(password, user!.passwordHash!)).toBe(true);
    expect(await verifyPassword(`${password} `, user!.passwordHash!)).toBe(false);
  });
});
