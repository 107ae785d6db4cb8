import jwt from 'jsonwebtoken';
import { setTimeout as sleep } from 'node:timers/promises';
import { issuePersonalAccessToken } from '../../libraries/personal-access-tokens';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

describe('GET /accounts/me', () => {
  let kit: AccountsKit;
  let session: Record<string, string | number>;
  beforeAll(async () => {
    kit = await startAccountsKit({ SMS_RESEND_INTERVAL: '1' });
    const wechatUser = await kit.newWechatUser({ nickname: '查询者' });
    session = (await kit.bindWithSms(await kit.signIn(wechatUser), uniqueMobile())).body.data;
  });
  afterAll(() => kit.close());

  const me = (authorization?: string) => {
    const call = kit.http.get('/accounts/me');
    return authorization === undefined ? call : call.set('authorization', authorization);
  };
  const secret = () => kit.context.deps.config.jwtSecret;
  const claims = () => jwt.decode(String(session.token)) as jwt.JwtPayload;

  it('answers the same user fields as the sign-in, without the token', async () => {
    const response = await me(`Bearer ${session.token}`);
    expect(response.status).toBe(200);
    const { token: _token, ...fields } = session;
    expect(response.body).toEqual({
      data: fields,
      status: { code: 200, message: 'Ok all right.' },
      success: true,
    });
  });

  it('needs a bearer token: 401 请先登录', async () => {
    expect((await me()).body).toEqual(accountsFailure(401, '请先登录'));
    expect((await me(`Basic ${session.token}`)).body).toEqual(accountsFailure(401, '请先登录'));
    expect((await me('Bearer')).status).toBe(401);
  });

  it.each([
    ['garbage', () => 'not.a.jwt'],
    ['another secret', () => jwt.sign(claims(), 'another-secret-that-is-long-enough-000000')],
    ['expired', () => jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, secret())],
    [
      'another audience',
      () => jwt.sign({ ...claims(), aud: 'something-else' }, secret(), { algorithm: 'HS256' }),
    ],
    [
      'alg none',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify(claims()),
        ).toString('base64url')}.`,
    ],
    ['HS512', () => jwt.sign(claims(), secret(), { algorithm: 'HS512' })],
    [
      'without the binding it was issued under (bat)',
      () => jwt.sign({ ...claims(), bat: undefined }, secret()),
    ],
    [
      'a user who does not exist',
      () => jwt.sign({ ...claims(), sub: '00000000-0000-4000-8000-000000000000' }, secret()),
    ],
  ])('refuses a token that is %s: 401 登录已失效', async (_what, makeToken) => {
    const response = await me(`Bearer ${makeToken()}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(accountsFailure(401, '登录已失效，请重新登录'));
  });

  it('stops accepting a token once its identity is unbound from the user', async () => {
    const wechatUser = await kit.newWechatUser();
    const { token } = (await kit.bindWithSms(await kit.signIn(wechatUser), uniqueMobile())).body
      .data;
    expect((await me(`Bearer ${token}`)).status).toBe(200);

    await kit.context.models.ExternalAccount.update(
      { userId: null, boundAt: null },
      { where: { provider: 'wechat', accountKey: wechatUser.unionid } },
    );
    expect((await me(`Bearer ${token}`)).body).toEqual(
      accountsFailure(401, '登录已失效，请重新登录'),
    );
  });

  it('does not revive a token issued before an unbind when the same WeChat is bound again', async () => {
    const wechatUser = await kit.newWechatUser();
    const mobile = uniqueMobile();
    const first = (await kit.bindWithSms(await kit.signIn(wechatUser), mobile)).body.data;
    expect((await me(`Bearer ${first.token}`)).status).toBe(200);

    // The user unbinds WeChat through the administrator contract, with their own access token.
    const admin = await issuePersonalAccessToken(kit.context.models, {
      userId: first.uid,
      name: 'settings page',
    });
    const unbound = await kit.http
      .put('/api/administrator/user/oauth-binding/WECHAT')
      .set('authorization', `Bearer ${admin.token}`)
      .send({ state: true });
    expect(unbound.status).toBe(200);
    expect((await me(`Bearer ${first.token}`)).status).toBe(401);

    // The same WeChat signs in again and binds the same mobile: the same user, a new binding.
    await sleep(1_100); // the mobile's resend interval is per openid + mobile: one second here
    const again = (await kit.bindWithSms(await kit.signIn(wechatUser), mobile)).body.data;
    expect(again.uid).toBe(first.uid);

    expect((await me(`Bearer ${first.token}`)).body).toEqual(
      accountsFailure(401, '登录已失效，请重新登录'),
    );
    expect((await me(`Bearer ${again.token}`)).status).toBe(200);
  });
});
