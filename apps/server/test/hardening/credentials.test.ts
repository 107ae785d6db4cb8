import jwt from 'jsonwebtoken';
import type request from 'supertest';
import { createEmailUser } from '../support/account-test-data';
import { revokePersonalAccessToken } from '../../src/libraries/personal-access-tokens';
import { uniqueEmail } from '../support/test-data';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

type Send = (world: World, authorization?: string) => request.Test;
type CredentialKind = 'caa' | 'personal access token' | 'client-app key' | 'session token';

/**
 * Every endpoint that needs a credential: its own kind, and what its dialect answers a caller
 * without one (the status is the same for another dialect's credential).
 */
const protectedEndpoints: Array<{
  name: string;
  own: CredentialKind;
  send: Send;
  refusal: { status: number; body: unknown };
}> = [
  {
    name: 'PUT /api/my/bind-weixin',
    own: 'caa',
    send: (world, authorization) => {
      const test = world.http().put('/api/my/bind-weixin');
      return (authorization ? test.set('Authorization', authorization) : test).send({
        accessToken: 'a',
        openid: 'o',
        unionid: 'u',
        userId: 'x',
      });
    },
    refusal: { status: 400, body: { message: 'invalid authorization' } },
  },
  ...(['GET', 'POST', 'PUT'] as const).map((method) => ({
    name: `${method} /api/administrator/user/oauth-binding${method === 'PUT' ? '/WECHAT' : ''}`,
    own: 'personal access token' as const,
    send: ((world, authorization) => {
      const http = world.http();
      const test =
        method === 'GET'
          ? http.get('/api/administrator/user/oauth-binding')
          : method === 'POST'
            ? http
                .post('/api/administrator/user/oauth-binding')
                .send({ type: 'WECHAT', code: 'c', state: 's' })
            : http.put('/api/administrator/user/oauth-binding/WECHAT').send({ state: false });
      return authorization ? test.set('Authorization', authorization) : test;
    }) as Send,
    refusal: { status: 401, body: { code: 401, msg: '请求未认证' } },
  })),
  ...[
    ['GET', '/account/wx'],
    ['POST', '/account/wx/signup'],
    ['POST', '/account/wx/link'],
    ['POST', '/account/wx/unlink'],
  ].map(([method, path]) => ({
    name: `${method} ${path}`,
    own: 'client-app key' as const,
    send: ((world, authorization) => {
      const base = method === 'GET' ? world.http().get(path!) : world.http().post(path!);
      const test = base.set('X-Union-Id', 'oSomeUnionIdThatExists0000000');
      const withAuth = authorization ? test.set('Authorization', authorization) : test;
      return method === 'GET'
        ? withAuth
        : withAuth.send({
            email: uniqueEmail(),
            password: 'long-enough-password',
            userId: '00000000-0000-4000-8000-000000000000',
          });
    }) as Send,
    refusal: { status: 401, body: { message: 'Requires authentication' } },
  })),
  {
    name: 'GET /accounts/me',
    own: 'session token',
    send: (world, authorization) => {
      const test = world.http().get('/accounts/me');
      return authorization ? test.set('Authorization', authorization) : test;
    },
    refusal: { status: 401, body: { status: { code: 401, message: '请先登录' }, success: false } },
  },
];

describe('credentials', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  describe('no endpoint works without its own credential', () => {
    it.each(protectedEndpoints.map((endpoint) => [endpoint.name, endpoint] as const))(
      '%s: refused with nothing, and with every other dialect’s credential',
      async (_name, { name, own, send, refusal }) => {
        const caller = await world.caaCaller();
        const admin = await world.admin();
        const clientKey = await world.clientKey();
        const { token } = await world.miniProgramToken();
        const none: Array<string | undefined> = [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer '];
        for (const authorization of none) {
          const response = await send(world, authorization);
          expect({ name, authorization, status: response.status, body: response.body }).toEqual({
            name,
            authorization,
            ...refusal,
          });
        }
        const others: Array<[CredentialKind, string]> = [
          ['caa', world.caaHeader(caller, 'GET', '/anything')],
          ['personal access token', admin.auth],
          ['client-app key', `Bearer ${clientKey}`],
          ['session token', `Bearer ${token}`],
        ];
        for (const [kind, authorization] of others.filter(([kind]) => kind !== own)) {
          const response = await send(world, authorization);
          expect({ name, kind, status: response.status }).toEqual({
            name,
            kind,
            status: refusal.status,
          });
        }
        const huge = await send(world, `Bearer ${'x'.repeat(4000)}`);
        expect({ name, status: huge.status }).toEqual({ name, status: refusal.status });
      },
    );

    it('answers a revoked personal access token like no token', async () => {
      const admin = await world.admin();
      const tokenId = admin.token.split('|')[0]!;
      await revokePersonalAccessToken(world.context.models, tokenId);
      const response = await world
        .http()
        .get('/api/administrator/user/oauth-binding')
        .set('Authorization', admin.auth);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('does nothing for a caller it refused, whatever the body asked', async () => {
      const unionId = await world.wechatAccount();
      const email = uniqueEmail();
      const refused = await world
        .http()
        .post('/account/wx/signup')
        .set('X-Union-Id', unionId)
        .send({ email, password: 'long-enough-password' });
      expect(refused.status).toBe(401);
      expect(await world.context.models.User.count({ where: { email } })).toBe(0);
    });
  });

  describe("one user's credential cannot read or change another user's data", () => {
    it('Caa: a key binds only its own user (userId of another is 403), and the other is untouched', async () => {
      const alice = await world.caaCaller();
      const bob = await world.caaCaller();
      const person = await world.newWechatUser();
      const token = await world.control.mintUserAccessToken({
        appid: world.apps.mobile.appId,
        user: person.unionid,
      });
      const body = JSON.stringify({
        accessToken: token.access_token,
        openid: token.openid,
        unionid: person.unionid,
        userId: bob.userId,
      });
      const response = await world
        .http()
        .put('/api/my/bind-weixin')
        .set('Authorization', world.caaHeader(alice, 'PUT', '/api/my/bind-weixin', body))
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'permission denied' });
      expect(
        await world.context.models.ExternalAccount.count({ where: { userId: bob.userId } }),
      ).toBe(0);
      expect(
        await world.context.models.ExternalAccount.count({ where: { userId: alice.userId } }),
      ).toBe(0);
    });

    it("administrator: a token sees and changes only its own user's bindings and states", async () => {
      const alice = await world.admin();
      const bob = await world.admin();
      const start = (admin: typeof alice) =>
        world
          .http()
          .put('/api/administrator/user/oauth-binding/WECHAT')
          .set('Authorization', admin.auth)
          .send({ state: false });
      const approve = async (authorizeUrl: string, user: string) => {
        const url = new URL(authorizeUrl);
        url.pathname = `${url.pathname}/authorize`;
        url.searchParams.set('user', user);
        url.hash = '';
        const params = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
          .searchParams;
        return { code: params.get('code')!, state: params.get('state')! };
      };
      const post = (admin: typeof alice, body: object) =>
        world
          .http()
          .post('/api/administrator/user/oauth-binding')
          .set('Authorization', admin.auth)
          .send(body);

      const bobsPerson = (await world.newWechatUser()).unionid;
      const bobs = await approve((await start(bob)).body.data, bobsPerson);
      // Alice presents Bob's state (and code): refused, and Bob's state is not used up.
      expect((await post(alice, { type: 'WECHAT', ...bobs })).body).toEqual({
        code: 403,
        msg: 'state 无效或已过期，请重新发起绑定',
      });
      expect((await post(bob, { type: 'WECHAT', ...bobs })).status).toBe(200);

      const list = (admin: typeof alice) =>
        world.http().get('/api/administrator/user/oauth-binding').set('Authorization', admin.auth);
      expect((await list(alice)).body.data).toEqual([]);
      expect((await list(bob)).body.data).toHaveLength(1);
      const unbind = await world
        .http()
        .put('/api/administrator/user/oauth-binding/WECHAT')
        .set('Authorization', alice.auth)
        .send({ state: true });
      // Alice has nothing bound: her unbind is the harmless no-op, and Bob's binding stays.
      expect(unbind.body).toEqual({ code: 200, data: '操作成功', msg: 'success' });
      expect((await list(bob)).body.data).toHaveLength(1);
    });

    it("account: a pair can only be unlinked by its own WeChat side; someone else's link stays", async () => {
      const clientKey = await world.clientKey();
      const { models } = world.context;
      const pair = async () => {
        const user = await createEmailUser(models);
        const unionId = await world.wechatAccount();
        await models.ExternalAccount.update(
          { userId: user.id, boundAt: new Date() },
          { where: { provider: 'wechat', accountKey: unionId } },
        );
        return { userId: user.id, unionId };
      };
      const mine = await pair();
      const theirs = await pair();
      const call = (path: string, unionId: string, body: object) =>
        world
          .http()
          .post(path)
          .set('Authorization', `Bearer ${clientKey}`)
          .set('X-Union-Id', unionId)
          .send(body);

      const unlink = await call('/account/wx/unlink', mine.unionId, { userId: theirs.userId });
      expect(unlink.status).toBe(404);
      const link = await call('/account/wx/link', mine.unionId, { userId: theirs.userId });
      expect(link.body).toEqual({
        message: 'Validation Failed',
        error: { field: 'account', code: 'link_already_taken' },
      });
      const theirAccount = await models.ExternalAccount.findOne({
        where: { provider: 'wechat', accountKey: theirs.unionId },
      });
      expect(theirAccount?.userId).toBe(theirs.userId);
    });

    it('accounts: a session token answers for its own user only, and cannot be re-pointed', async () => {
      const alice = await world.miniProgramToken();
      const bob = await world.miniProgramToken();
      const me = await world
        .http()
        .get('/accounts/me')
        .set('Authorization', `Bearer ${alice.token}`);
      expect(me.body.data.uid).toBe(alice.uid);
      const claims = jwt.decode(alice.token) as jwt.JwtPayload;
      const forged = jwt.sign(
        { ...claims, sub: bob.uid },
        'not-the-server-secret-but-long-enough-0000',
      );
      const refused = await world
        .http()
        .get('/accounts/me')
        .set('Authorization', `Bearer ${forged}`);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({
        status: { code: 401, message: '登录已失效，请重新登录' },
        success: false,
      });
    });
  });
});
