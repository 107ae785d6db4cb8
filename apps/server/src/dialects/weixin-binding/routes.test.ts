import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { issueApiKey } from '../../libraries/api-keys';
import { BIND_ATTEMPTS_PER_WINDOW } from '../../libraries/weixin-binding/attempt-limiter';
import { createUser } from '../../libraries/users';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import { signByHand } from '../../../test/support/sign-by-hand';

const PATH = '/api/my/bind-weixin';
const MOBILE_APP = { appId: 'wx0test0mobile0app', secret: 'test-mobile-app-secret' };

interface Caller {
  userId: string;
  apiKey: string;
  apiSecret: string;
}

interface WechatPerson {
  accessToken: string;
  openid: string;
  unionid: string;
  nickname: string;
}

describe('PUT /api/my/bind-weixin', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let context: TestContext;

  beforeAll(async () => {
    sandbox = await startSandbox({
      apps: { wechat: [{ appid: MOBILE_APP.appId, secret: MOBILE_APP.secret }] },
    });
    control = createSandboxControl(sandbox.url);
    context = await createTestContext({
      upstreams: { wechatApiBase: sandbox.url, mobileApp: MOBILE_APP },
    });
  });
  afterAll(async () => {
    await context.close();
    await sandbox.close();
  });
  beforeEach(() => control.clearFaults());

  /** A user with a Caa key pair, as sign-in (or the admin CLI) would issue. */
  async function newCaller(
    options: { actions?: string[]; name?: string; gender?: 'male' | 'female' } = {},
  ): Promise<Caller> {
    const user = await createUser(context.models, {
      name: options.name ?? unique('user'),
      gender: options.gender,
    });
    const key = await issueApiKey(context.models, context.deps.secretBox, {
      userId: user.id,
      actions: options.actions,
    });
    return { userId: user.id, apiKey: key.apiKey, apiSecret: key.apiSecret };
  }

  /** A WeChat user who signed in to the mobile app: what the app holds after WeChat's OAuth. */
  async function newWechatPerson(scope?: string): Promise<WechatPerson> {
    const nickname = unique('wx');
    const person = await control.registerWechatUser({
      nickname,
      avatar: `https://thirdwx.example.com/${nickname}.png`,
      gender: 2,
    });
    const token = await control.mintUserAccessToken({
      appid: MOBILE_APP.appId,
      user: person.unionid,
      scope,
    });
    return {
      accessToken: token.access_token,
      openid: token.openid,
      unionid: person.unionid,
      nickname,
    };
  }

  const bodyFor = (caller: Caller, person: WechatPerson) => ({
    accessToken: person.accessToken,
    openid: person.openid,
    unionid: person.unionid,
    userId: caller.userId,
  });

  /** Signed by hand from signature.md (node:crypto only), the JSON text as it goes on the wire. */
  function put(
    caller: Pick<Caller, 'apiKey' | 'apiSecret'>,
    body: unknown,
    { timestamp = Date.now() }: { timestamp?: number } = {},
  ) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const authorization = signByHand({
      ...caller,
      method: 'PUT',
      target: PATH,
      timestamp,
      body: text,
    });
    return request(context.app.callback())
      .put(PATH)
      .set('authorization', authorization)
      .set('content-type', 'application/json')
      .set('user-agent', 'wechat-bind-test/1.0')
      .send(text);
  }

  const wechatAccountOf = (userId: string) =>
    context.models.ExternalAccount.findOne({ where: { userId, provider: 'wechat' } });
  const accountByUnionid = (unionid: string) =>
    context.models.ExternalAccount.findOne({ where: { provider: 'wechat', accountKey: unionid } });
  const auditRowsFor = (userId: string) =>
    context.models.AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: userId },
      order: [['id', 'ASC']],
    });

  describe('binding', () => {
    it("binds the caller's WeChat account and answers the document's User model", async () => {
      const caller = await newCaller({ name: 'PeckZeg892' });
      await context.models.User.update(
        { avatar: 'http://images.example.com/avatar.png' },
        { where: { id: caller.userId } },
      );
      const person = await newWechatPerson();

      const response = await put(caller, bodyFor(caller, person));

      expect(response.status).toBe(200);
      const user = await context.models.User.findByPk(caller.userId);
      expect(response.body).toEqual({
        user: {
          _id: caller.userId,
          registerAt: user!.createdAt.getTime(),
          createAt: user!.createdAt.getTime(),
          thirdParty: { weixin: { unionid: person.unionid, openid: person.openid } },
          avatar: 'http://images.example.com/avatar.png',
          gender: 'secret',
          name: 'PeckZeg892',
        },
      });
      const account = await wechatAccountOf(caller.userId);
      expect(account).toMatchObject({
        accountKey: person.unionid,
        unionId: person.unionid,
        nickname: person.nickname,
        gender: 'female',
      });
      expect(account!.boundAt).toBeInstanceOf(Date);
      const openid = await context.models.ExternalOpenId.findOne({
        where: { provider: 'wechat', appId: MOBILE_APP.appId, openId: person.openid },
      });
      expect(openid?.externalAccountId).toBe(account!.id);
    });

    it('writes an audit row: who, what, from where', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      expect((await put(caller, bodyFor(caller, person))).status).toBe(200);

      const rows = await auditRowsFor(caller.userId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'wechat.bind',
        actorType: 'api_key',
        actorId: caller.apiKey,
        userAgent: 'wechat-bind-test/1.0',
        details: {
          provider: 'wechat',
          unionid: person.unionid,
          openid: person.openid,
          appId: MOBILE_APP.appId,
        },
      });
      expect(rows[0]!.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(JSON.stringify(rows[0]!.details)).not.toContain(person.accessToken);
    });

    it('answers user fields the user has not set as empty strings, and gender as stored', async () => {
      const caller = await newCaller({ gender: 'male' });
      await context.models.User.update({ name: null }, { where: { id: caller.userId } });
      const response = await put(caller, bodyFor(caller, await newWechatPerson()));
      expect(response.body.user).toMatchObject({ avatar: '', name: '', gender: 'male' });
    });

    it('403 user has related to weixin account for the same account again, as 01 says', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      expect((await put(caller, bodyFor(caller, person))).status).toBe(200);
      const bound = await wechatAccountOf(caller.userId);

      // 01's example request as its client sends it: its headers, its body text as printed.
      const text = JSON.stringify(bodyFor(caller, person), null, 2);
      const again = await request(context.app.callback())
        .put(PATH)
        .set(
          'Authorization',
          signByHand({ ...caller, method: 'PUT', target: PATH, timestamp: Date.now(), body: text }),
        )
        .set('Content-Type', 'application/json')
        .set('Cache-Control', 'no-cache')
        .set('Postman-Token', '77ee9d27-d78b-d0e3-600f-82a5464ebe79')
        .send(text);

      expect(again.status).toBe(403);
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(again.text).toBe('{"message":"user has related to weixin account"}');
      const account = await wechatAccountOf(caller.userId);
      expect(account).toMatchObject({ id: bound!.id, accountKey: person.unionid });
      expect(account!.boundAt).toEqual(bound!.boundAt);
      expect((await auditRowsFor(caller.userId)).map((row) => row.action)).toEqual(['wechat.bind']);
    });

    it('binds an account that is known but bound to nobody', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      await context.models.ExternalAccount.create({
        provider: 'wechat',
        accountKey: person.unionid,
        unionId: person.unionid,
      });
      expect((await put(caller, bodyFor(caller, person))).status).toBe(200);
      expect((await accountByUnionid(person.unionid))?.userId).toBe(caller.userId);
    });
  });

  describe('a client with nothing but signature.md', () => {
    it('signs a request over plain HTTP that the server accepts', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const server = context.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const body = JSON.stringify(bodyFor(caller, person));
        const timestamp = String(Date.now());
        const stringToSign = `PUT\n${PATH}\n${timestamp}\n${body}`;
        const signature = createHmac('sha1', caller.apiSecret)
          .update(stringToSign)
          .digest('base64');
        const header = Buffer.from(`${caller.apiKey}:${signature} ${timestamp}`).toString('base64');
        const response = await fetch(`http://127.0.0.1:${port}${PATH}`, {
          method: 'PUT',
          headers: { authorization: `Caa ${header}`, 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { user: { _id: string } }).user._id).toBe(caller.userId);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  // Every rule of signature.md is tested once, in middleware/koa-caa-auth.test.ts; here, that the
  // route is wired to it with its own action.
  describe('authentication', () => {
    it('400 invalid authorization without a Caa header, before looking at the body', async () => {
      const response = await request(context.app.callback()).put(PATH).send({ junk: true });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid authorization' });
    });

    it("403 permission denied for a key without the action (01's copy slip included)", async () => {
      const caller = await newCaller({ actions: ['client:my:upload-my-avatar'] });
      const person = await newWechatPerson();
      const response = await put(caller, bodyFor(caller, person));
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'permission denied' });
      expect(await wechatAccountOf(caller.userId)).toBeNull();
    });
  });

  describe('400 invalid params', () => {
    it('names every missing field', async () => {
      const caller = await newCaller();
      const response = await put(caller, {});
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        message: 'invalid params',
        errors: {
          accessToken: 'accessToken is required',
          openid: 'openid is required',
          unionid: 'unionid is required',
          userId: 'userId is required',
        },
      });
    });

    it('refuses fields that are not non-empty strings', async () => {
      const caller = await newCaller();
      const response = await put(caller, {
        accessToken: 12345,
        openid: '',
        unionid: ['o1'],
        userId: caller.userId,
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        message: 'invalid params',
        errors: {
          accessToken: 'accessToken must be a string',
          openid: 'openid must not be empty',
          unionid: 'unionid must be a string',
        },
      });
    });

    it('refuses oversized and whitespace-laden values', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const response = await put(caller, {
        ...bodyFor(caller, person),
        accessToken: 'x'.repeat(513),
        openid: 'o pen id',
      });
      expect(response.body).toEqual({
        message: 'invalid params',
        errors: {
          accessToken: 'accessToken must be at most 512 characters',
          openid: 'openid must be printable ASCII without spaces',
        },
      });
    });

    it('refuses a body that is not an object', async () => {
      const caller = await newCaller();
      const response = await put(caller, '[1,2]');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        message: 'invalid params',
        errors: { body: 'the body must be a JSON object' },
      });
    });

    it('ignores fields the document does not name', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const response = await put(caller, { ...bodyFor(caller, person), extra: 'ignored' });
      expect(response.status).toBe(200);
    });
  });

  describe('the user', () => {
    it('403 permission denied when the key tries to bind another user', async () => {
      const caller = await newCaller();
      const other = await newCaller();
      const person = await newWechatPerson();
      const response = await put(caller, { ...bodyFor(caller, person), userId: other.userId });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'permission denied' });
      expect(await accountByUnionid(person.unionid)).toBeNull();
    });

    it.each([
      ['an id nobody has', () => randomUUID()],
      ["an id in the document's format", () => '59573c395c2960da1aa83a08'],
    ])('404 user not found for %s', async (_label, userId) => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const response = await put(caller, { ...bodyFor(caller, person), userId: userId() });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: 'user not found' });
    });
  });

  describe('proof that the WeChat account is the caller’s', () => {
    const expectInvalid = async (caller: Caller, body: object) => {
      const response = await put(caller, body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: 'invalid weixin account' });
      expect(await wechatAccountOf(caller.userId)).toBeNull();
    };

    it('400 invalid weixin account for a forged accessToken', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      await expectInvalid(caller, {
        ...bodyFor(caller, person),
        accessToken: randomBytes(48).toString('base64url'),
      });
    });

    it("400 invalid weixin account for someone else's token with one's own openid", async () => {
      const caller = await newCaller();
      const mine = await newWechatPerson();
      const theirs = await newWechatPerson();
      await expectInvalid(caller, { ...bodyFor(caller, mine), accessToken: theirs.accessToken });
    });

    it('400 invalid weixin account for a unionid that is not the token’s', async () => {
      const caller = await newCaller();
      const mine = await newWechatPerson();
      const theirs = await newWechatPerson();
      await expectInvalid(caller, { ...bodyFor(caller, mine), unionid: theirs.unionid });
      expect(await accountByUnionid(theirs.unionid)).toBeNull();
    });

    it('400 invalid weixin account for a token that may not read the profile (snsapi_base)', async () => {
      const caller = await newCaller();
      await expectInvalid(caller, bodyFor(caller, await newWechatPerson('snsapi_base')));
    });

    it.each([
      ['a bare 502 from /sns/auth', { endpoint: '/sns/auth', kind: 'http-status', status: 502 }],
      ['garbage from /sns/userinfo', { endpoint: '/sns/userinfo', kind: 'garbage' }],
      ['busy twice (-1)', { endpoint: '/sns/auth', kind: 'errcode', errcode: -1, times: 2 }],
      ['its rate limit (45011)', { endpoint: '/sns/userinfo', kind: 'errcode', errcode: 45011 }],
    ] as const)('502 when WeChat answers %s, and nothing is bound', async (_label, fault) => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      await control.addFault(fault);
      const response = await put(caller, bodyFor(caller, person));
      expect(response.status).toBe(502);
      expect(response.body).toEqual({ message: 'weixin service unavailable' });
      expect(await wechatAccountOf(caller.userId)).toBeNull();
      // The same binding works once WeChat is back.
      expect((await put(caller, bodyFor(caller, person))).status).toBe(200);
    });

    it('retries once when WeChat is busy, and binds', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      await control.addFault({ endpoint: '/sns/auth', kind: 'errcode', errcode: -1 });
      expect((await put(caller, bodyFor(caller, person))).status).toBe(200);
    });

    it(`429 too many requests after ${BIND_ATTEMPTS_PER_WINDOW} attempts, without asking WeChat`, async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const forged = { ...bodyFor(caller, person), accessToken: 'forged-token' };
      for (let attempt = 0; attempt < BIND_ATTEMPTS_PER_WINDOW; attempt += 1) {
        expect((await put(caller, forged)).status).toBe(400);
      }
      await control.resetCalls();
      const response = await put(caller, bodyFor(caller, person));
      expect(response.status).toBe(429);
      expect(response.body).toEqual({ message: 'too many requests' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect((await control.getCalls()).calls['/sns/auth']).toBe(0);
    });

    it('never writes the access token or the API secret to the log', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      await control.addFault({ endpoint: '/sns/auth', kind: 'http-status', status: 502 });
      await put(caller, bodyFor(caller, person));
      await put(caller, { ...bodyFor(caller, person), accessToken: 'forged-secret-token' });
      await put(caller, bodyFor(caller, person));
      const log = context.logLines.join('');
      expect(log).not.toContain(person.accessToken);
      expect(log).not.toContain('forged-secret-token');
      expect(log).not.toContain(caller.apiSecret);
    });
  });

  describe('the binding rules', () => {
    it('403 user has related to weixin account when the user has another one', async () => {
      const caller = await newCaller();
      const first = await newWechatPerson();
      const second = await newWechatPerson();
      expect((await put(caller, bodyFor(caller, first))).status).toBe(200);

      const response = await put(caller, bodyFor(caller, second));
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'user has related to weixin account' });
      expect((await wechatAccountOf(caller.userId))?.accountKey).toBe(first.unionid);
      expect(await accountByUnionid(second.unionid)).toBeNull();
    });

    it('403 weixin account has related to another user when it is bound elsewhere', async () => {
      const owner = await newCaller();
      const latecomer = await newCaller();
      const person = await newWechatPerson();
      expect((await put(owner, bodyFor(owner, person))).status).toBe(200);

      const response = await put(latecomer, bodyFor(latecomer, person));
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: 'weixin account has related to another user' });
      expect((await accountByUnionid(person.unionid))?.userId).toBe(owner.userId);
      expect(await wechatAccountOf(latecomer.userId)).toBeNull();
      expect(await auditRowsFor(latecomer.userId)).toHaveLength(0);
    });

    it('binds one WeChat account to exactly one of several users racing for it', async () => {
      const callers = await Promise.all(Array.from({ length: 4 }, () => newCaller()));
      const person = await newWechatPerson();

      const responses = await Promise.all(
        callers.map((caller) => put(caller, bodyFor(caller, person))),
      );

      const won = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status === 403);
      expect(won).toHaveLength(1);
      expect(refused).toHaveLength(3);
      for (const response of refused) {
        expect(response.body).toEqual({ message: 'weixin account has related to another user' });
      }
      const winner = won[0]!.body.user._id as string;
      const rows = await context.models.ExternalAccount.findAll({
        where: { provider: 'wechat', accountKey: person.unionid },
      });
      expect(rows.map((row) => row.userId)).toEqual([winner]);
      const audits = await Promise.all(callers.map((caller) => auditRowsFor(caller.userId)));
      expect(audits.flat()).toHaveLength(1);
    });

    it('gives one user exactly one of several WeChat accounts bound at once', async () => {
      const caller = await newCaller();
      const people = await Promise.all(Array.from({ length: 3 }, () => newWechatPerson()));

      const responses = await Promise.all(
        people.map((person, index) =>
          put(caller, bodyFor(caller, person), { timestamp: Date.now() + index }),
        ),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([200, 403, 403]);
      expect(
        responses.filter(
          (response) => response.body.message === 'user has related to weixin account',
        ),
      ).toHaveLength(2);
      expect(
        await context.models.ExternalAccount.count({
          where: { userId: caller.userId, provider: 'wechat' },
        }),
      ).toBe(1);
    });

    it('binds once of simultaneous identical binds, refusing the others as already related', async () => {
      const caller = await newCaller();
      const person = await newWechatPerson();
      const responses = await Promise.all(
        [0, 1, 2].map((index) =>
          put(caller, bodyFor(caller, person), { timestamp: Date.now() + index }),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 403, 403]);
      for (const response of responses.filter((r) => r.status === 403)) {
        expect(response.body).toEqual({ message: 'user has related to weixin account' });
      }
      expect(
        await context.models.ExternalAccount.count({ where: { accountKey: person.unionid } }),
      ).toBe(1);
    });
  });
});

describe('PUT /api/my/bind-weixin on a server without a WeChat mobile app', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('answers 503 and logs why', async () => {
    const user = await createUser(context.models, { name: unique('user') });
    const key = await issueApiKey(context.models, context.deps.secretBox, { userId: user.id });
    const body = JSON.stringify({
      accessToken: 'token',
      openid: 'openid',
      unionid: 'unionid',
      userId: user.id,
    });
    const authorization = signByHand({
      ...key,
      method: 'PUT',
      target: PATH,
      timestamp: Date.now(),
      body,
    });
    const response = await request(context.app.callback())
      .put(PATH)
      .set('authorization', authorization)
      .set('content-type', 'application/json')
      .send(body);
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ message: 'service unavailable' });
    expect(context.logLines.join('')).toContain('WECHAT_MOBILE_APP');
  });
});
