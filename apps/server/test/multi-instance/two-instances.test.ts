import { signRequest } from '@wechat-bind/signature';
import type { RunningSandbox, SandboxControl, WechatUser } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sequelize } from 'sequelize';
import { issueApiKey } from '../../src/libraries/api-keys';
import { issuePersonalAccessToken } from '../../src/libraries/personal-access-tokens';
import { addMiniProgramApp, removeMiniProgramApp } from '../../src/libraries/mini-program-apps';
import { createSecretBox } from '../../src/libraries/secret-box';
import { uniqueMiniProgramApp, uniqueMobile } from '../support/test-data';
import { createUser } from '../../src/libraries/users';
import type { SmsWebhook } from '../support/mini-program-kit';
import { startSmsWebhook } from '../support/mini-program-kit';
import { createLogger } from '../../src/logger';
import { createSequelize } from '../../src/store/database';
import type { Models } from '../../src/store/models';
import { defineModels } from '../../src/store/models';
import type { InstanceStore } from '../support/instance-store';
import { openInstanceStore } from '../support/instance-store';
import type { SharedRedis } from '../support/shared-redis';
import { startSharedRedis } from '../support/shared-redis';
import type { SpawnedServer } from '../support/spawn-server';
import { spawnServer } from '../support/spawn-server';
import { unique } from '../support/test-context';

/**
 * The server keeps nothing in process memory that another instance needs. Two real server
 * processes (src/main.ts, as `npm start` runs it) share one PostgreSQL (a scratch database on the
 * real server, or the first server's embedded PGlite, which the second joins over the wire) and
 * one real Redis (REDIS_URL, or a redis-server child), with one sandbox as WeChat and DingTalk.
 * Each step goes through one instance and is checked through the other.
 */
jest.setTimeout(120_000);

const MINI_APP = { appId: 'wx0two0instances0mini', secret: 'two-instances-mini-secret' };
const MOBILE_APP = { appId: 'wx0two0instances0mobile', secret: 'two-instances-mobile-secret' };
const WEB_APP = {
  appId: 'wx0two0instances0web',
  secret: 'two-instances-web-secret',
  redirectUri: 'https://admin.example.com/#/binding/wechat',
};
const DINGTALK_APP = {
  clientId: 'dingtwoinstances',
  clientSecret: 'two-instances-dingtalk-secret',
  redirectUri: 'https://admin.example.com/#/binding/dingtalk',
};
const DATA_KEY = Buffer.alloc(32, 9).toString('base64');

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTP request to an instance; `body` as text is sent exactly as given (signed bodies). */
async function call(
  baseUrl: string,
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(text === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: text,
  });
  const replyText = await response.text();
  return { status: response.status, body: replyText === '' ? undefined : JSON.parse(replyText) };
}

describe('two server instances on one PostgreSQL and one Redis', () => {
  let redis: SharedRedis;
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let sms: SmsWebhook;
  let store: InstanceStore;
  let sequelize: Sequelize | undefined;
  let models: Models;
  let servers: SpawnedServer[] = [];
  let a: string;
  let b: string;
  const secretBox = createSecretBox(Buffer.from(DATA_KEY, 'base64'));

  beforeAll(async () => {
    redis = await startSharedRedis();
    sandbox = await startSandbox({
      apps: {
        wechat: [MINI_APP, MOBILE_APP, WEB_APP].map(({ appId, secret }) => ({
          appid: appId,
          secret,
        })),
        dingtalk: [{ clientId: DINGTALK_APP.clientId, clientSecret: DINGTALK_APP.clientSecret }],
      },
    });
    control = createSandboxControl(sandbox.url);
    sms = await startSmsWebhook();
    store = await openInstanceStore();
    const env = {
      HOST: '127.0.0.1',
      PORT: '0',
      SANDBOX_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '4',
      ...redis.env,
      // A prefix of this run's own: a shared CI Redis also holds other tests' keys.
      REDIS_KEY_PREFIX: `${unique('two-instances')}:`,
      WECHAT_API_BASE: sandbox.url,
      DINGTALK_API_BASE: sandbox.url,
      WECHAT_CONNECT_BASE: sandbox.url,
      DINGTALK_LOGIN_BASE: sandbox.url,
      WECHAT_MINIPROGRAM_APPS: JSON.stringify([MINI_APP]),
      WECHAT_MOBILE_APP: JSON.stringify(MOBILE_APP),
      WECHAT_WEB_APP: JSON.stringify(WEB_APP),
      DINGTALK_APP: JSON.stringify(DINGTALK_APP),
      JWT_SECRET: 'two-instances-jwt-secret-of-at-least-32-chars',
      DATA_KEY,
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: sms.url,
      // app:add and app:remove reach both instances within a second.
      WXA_APPS_REFRESH: '1',
    };
    // The first migrates the store (or starts the embedded one); then the second joins it.
    const first = spawnServer({ ...env, ...store.env, ...store.firstEnv });
    servers = [first];
    a = await first.listening;
    const url = await store.url();
    const second = spawnServer({ ...env, ...store.env, DATABASE_URL: url });
    servers.push(second);
    b = await second.listening;
    sequelize = createSequelize({ url, poolMax: 2, logger: createLogger({ level: 'warn' }) });
    models = defineModels(sequelize);
  });

  afterAll(async () => {
    await sequelize?.close();
    // The joining server first: in embedded runs the first one holds the database.
    const codes: Array<number | string> = [];
    for (const server of [...servers].reverse()) {
      server.child.kill('SIGTERM');
      codes.push(await server.exited);
    }
    await store?.close();
    await sms?.close();
    await sandbox?.close();
    await redis?.stop();
    expect(codes).toEqual(servers.map(() => 0));
  });

  const newWechatUser = (nickname = unique('nick')): Promise<WechatUser> =>
    control.registerWechatUser({
      nickname,
      avatar: 'https://example.com/a.png',
      phone: uniqueMobile(),
    });

  /** wxa_authorize through `baseUrl` for `appId` with a fresh js_code: the reply as it comes. */
  async function authorize(baseUrl: string, user: WechatUser, appId = MINI_APP.appId) {
    const login = await control.mintJsCode({ appid: appId, user: user.unionid });
    const profile = await control.mintEncryptedData({
      appid: appId,
      user: user.unionid,
      session_key: login.session_key,
    });
    return call(baseUrl, 'POST', '/accounts/wxa_authorize', {
      body: {
        js_code: login.js_code,
        encrypted_data: profile.encrypted_data,
        iv: profile.iv,
        auth_app_id: appId,
      },
    });
  }

  /** wxa_authorize on one instance: the openid and the session_token that proves it. */
  async function signIn(
    baseUrl: string,
    user: WechatUser,
  ): Promise<{ openid: string; session_token: string }> {
    const reply = await authorize(baseUrl, user);
    expect(reply.status).toBe(200);
    return { openid: reply.body.data.openid, session_token: reply.body.data.session_token };
  }

  /** A user with a Caa key pair, as `npm run cli` would issue it. */
  async function userWithApiKey() {
    const user = await createUser(models, { name: unique('caa') });
    const key = await issueApiKey(models, secretBox, { userId: user.id });
    return { userId: user.id, ...key };
  }

  /** A signed PUT /api/my/bind-weixin for `user` claiming the WeChat account behind `grant`. */
  function signedBind(
    user: { userId: string; apiKey: string; apiSecret: string },
    grant: { access_token: string; openid: string },
    unionid: string,
    timestamp = Date.now(),
  ) {
    const body = JSON.stringify({
      accessToken: grant.access_token,
      openid: grant.openid,
      unionid,
      userId: user.userId,
    });
    const authorization = signRequest({
      apiKey: user.apiKey,
      apiSecret: user.apiSecret,
      method: 'PUT',
      target: '/api/my/bind-weixin',
      timestamp,
      body,
    });
    return { headers: { authorization }, body };
  }

  it('runs two processes that both answer readyz', async () => {
    expect(a).not.toBe(b);
    for (const url of [a, b]) {
      expect(await call(url, 'GET', '/readyz')).toEqual({
        status: 200,
        body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } },
      });
    }
  });

  it('serves an app added while both run on both, and refuses it on both once removed', async () => {
    const app = uniqueMiniProgramApp();
    await control.registerWechatApp({ appid: app.appId, secret: app.secret });
    const person = await newWechatUser();
    const statuses = () =>
      Promise.all([a, b].map(async (url) => (await authorize(url, person, app.appId)).status));
    /** Until both instances answer `status`, for at most three refresh periods. */
    const both = async (status: number) => {
      const deadline = Date.now() + 3_000;
      let seen = await statuses();
      while (seen.some((each) => each !== status) && Date.now() < deadline) {
        await sleep(100);
        seen = await statuses();
      }
      return seen;
    };
    expect(await statuses()).toEqual([400, 400]);

    // As `app:add` does it: one row, written by neither instance.
    await addMiniProgramApp(models, secretBox, app);
    expect(await both(200)).toEqual([200, 200]);

    await removeMiniProgramApp(models, app.appId);
    expect(await both(400)).toEqual([400, 400]);
    const refused = await authorize(b, person, app.appId);
    expect(refused.body).toEqual({
      status: { code: 400, message: 'auth_app_id 不是已接入的小程序' },
      success: false,
    });
  });

  it('accepts an OAuth state issued by one instance on the other, once', async () => {
    const user = await createUser(models, { name: unique('admin') });
    const { token } = await issuePersonalAccessToken(models, {
      userId: user.id,
      name: 'two-instances',
    });
    const headers = { authorization: `Bearer ${token}` };
    const path = '/api/administrator/user/oauth-binding';
    const person = await newWechatUser();

    const started = await call(a, 'PUT', `${path}/WECHAT`, { headers, body: { state: false } });
    expect(started.status).toBe(200);
    const state = new URL(started.body.data).searchParams.get('state')!;
    const { code } = await control.mintOauthCode({ appid: WEB_APP.appId, user: person.unionid });

    const bound = await call(b, 'POST', path, {
      headers,
      body: { type: 'WECHAT', code, state },
    });
    expect(bound).toEqual({ status: 200, body: { code: 200, data: '绑定成功', msg: 'success' } });

    // Single use across instances: back on the first one, the state is gone.
    const again = await control.mintOauthCode({ appid: WEB_APP.appId, user: person.unionid });
    const replayed = await call(a, 'POST', path, {
      headers,
      body: { type: 'WECHAT', code: again.code, state },
    });
    expect(replayed.status).toBe(403);
    expect(replayed.body.msg).toBe('state 无效或已过期，请重新发起绑定');

    const listed = await call(a, 'GET', path, { headers });
    expect(listed.body.data).toEqual([expect.objectContaining({ type: 'WECHAT' })]);
  });

  it('checks on one instance a code sent through the other, and counts send limits across both', async () => {
    const person = await newWechatUser();
    const mobile = person.phone!;
    // Signed in on one instance, the session and its proof hold on the other.
    const signedIn = await signIn(a, person);
    const { openid } = signedIn;

    const sent = await call(a, 'POST', '/accounts/send_verify_code', {
      body: { auth_app_id: MINI_APP.appId, ...signedIn, mobile },
    });
    expect(sent.status).toBe(200);

    // The resend interval (60 s per openid + mobile) is counted in Redis: the other instance refuses too.
    const resent = await call(b, 'POST', '/accounts/send_verify_code', {
      body: { auth_app_id: MINI_APP.appId, ...signedIn, mobile },
    });
    expect(resent.status).toBe(429);
    expect(resent.body.status.message).toMatch(/验证码发送过于频繁/);
    expect(sms.received.filter((message) => message.mobile === mobile)).toHaveLength(1);

    const bound = await call(b, 'POST', '/accounts/wxa_bind_mobile', {
      body: {
        auth_app_id: MINI_APP.appId,
        ...signedIn,
        mobile,
        verify_code: sms.codeFor(mobile),
      },
    });
    expect(bound.status).toBe(200);
    expect(bound.body.data).toMatchObject({ mobile, openid });

    // The token one instance issued is good on the other.
    const me = await call(a, 'GET', '/accounts/me', {
      headers: { authorization: `Bearer ${bound.body.data.token}` },
    });
    expect(me.status).toBe(200);
    expect(me.body.data.uid).toBe(bound.body.data.uid);
  });

  it('remembers a Caa signature on both: the same signed request sent to each passes once', async () => {
    const user = await userWithApiKey();
    const person = await newWechatUser();
    const grant = await control.mintUserAccessToken({
      appid: MOBILE_APP.appId,
      user: person.unionid,
    });
    const request = signedBind(user, grant, person.unionid);

    const replies = await Promise.all([
      call(a, 'PUT', '/api/my/bind-weixin', request),
      call(b, 'PUT', '/api/my/bind-weixin', request),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400]);
    expect(replies.find((reply) => reply.status === 400)!.body).toEqual({
      message: 'invalid signature',
    });
    expect(await call(a, 'PUT', '/api/my/bind-weixin', request)).toMatchObject({ status: 400 });
  });

  it('binds one WeChat account to exactly one of two users racing through both instances', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const [first, second] = await Promise.all([userWithApiKey(), userWithApiKey()]);
        const person = await newWechatUser();
        // Each user's client holds a token of the same WeChat person (the same openid).
        const [grantA, grantB] = await Promise.all([
          control.mintUserAccessToken({ appid: MOBILE_APP.appId, user: person.unionid }),
          control.mintUserAccessToken({ appid: MOBILE_APP.appId, user: person.unionid }),
        ]);
        const replies = await Promise.all([
          call(a, 'PUT', '/api/my/bind-weixin', signedBind(first, grantA, person.unionid)),
          call(b, 'PUT', '/api/my/bind-weixin', signedBind(second, grantB, person.unionid)),
        ]);
        return { replies, person, users: [first, second] };
      }),
    );
    for (const { replies, person, users } of rounds) {
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 403]);
      const loser = replies.find((reply) => reply.status === 403)!;
      expect(loser.body).toEqual({ message: 'weixin account has related to another user' });
      const winner = users[replies.findIndex((reply) => reply.status === 200)]!;
      const account = await models.ExternalAccount.findOne({
        where: { provider: 'wechat', accountKey: person.unionid },
      });
      expect(account?.userId).toBe(winner.userId);
    }
  });

  it('fetches one WeChat access_token for binds through both instances at once', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => newWechatUser()));
    const urls = people.map((_person, index) => (index % 2 === 0 ? a : b));
    const signedIn = await Promise.all(people.map((person, index) => signIn(urls[index]!, person)));
    const codes = await Promise.all(
      people.map((person) =>
        control.mintPhoneCode({ appid: MINI_APP.appId, user: person.unionid }),
      ),
    );
    // No earlier test needed the app's access token, so its cache in Redis starts cold here.
    await control.resetCalls();

    const replies = await Promise.all(
      people.map((_person, index) =>
        call(urls[index]!, 'POST', '/accounts/wxa_bind_mobile', {
          body: {
            auth_app_id: MINI_APP.appId,
            ...signedIn[index],
            phone_code: codes[index]!.code,
          },
        }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(people.map(() => 200));
    const { calls } = await control.getCalls();
    expect(calls['/wxa/business/getuserphonenumber']).toBe(people.length);
    expect(calls['/cgi-bin/stable_token']).toBe(1);
    expect(calls['/cgi-bin/token']).toBe(0);
  });
});
