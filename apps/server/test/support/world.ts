import type { RunningSandbox, SandboxControl, WechatUser } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DingtalkApp, MiniProgramApp, WechatWebApp } from '../../src/config';
import { createWechatAccount } from './account-test-data';
import { issueApiKey } from '../../src/libraries/api-keys';
import { createClientAppKey } from '../../src/libraries/client-app-keys';
import { issuePersonalAccessToken } from '../../src/libraries/personal-access-tokens';
import { uniqueMobile } from './test-data';
import { createUser } from '../../src/libraries/users';
import type { SmsWebhook } from './mini-program-kit';
import { startSmsWebhook } from './mini-program-kit';
import { unique } from './test-context';
import type { TestContext, TestContextOptions } from './test-context';
import { createTestContext } from './test-context';

/**
 * Everything the hardening suites need to call every endpoint for real: a sandbox standing in for
 * WeChat and DingTalk with the server's four apps registered, an SMS webhook, the app listening on
 * loopback, and the credentials of each dialect (a Caa key pair, a personal access token, a
 * client-app key, a mini-program session and token).
 */

export interface CaaCaller {
  userId: string;
  apiKey: string;
  apiSecret: string;
}

export interface Admin {
  userId: string;
  token: string;
  auth: string;
}

export interface MiniProgramUser {
  wechatUser: WechatUser;
  openid: string;
  /** wxa_authorize's proof of the session, for send_verify_code and wxa_bind_mobile. */
  sessionToken: string;
}

export interface World {
  context: TestContext;
  sandbox: RunningSandbox;
  control: SandboxControl;
  sms: SmsWebhook;
  url: string;
  apps: { mini: MiniProgramApp; mobile: MiniProgramApp; web: WechatWebApp; dingtalk: DingtalkApp };
  /** supertest bound to the listening server. */
  http(): ReturnType<typeof request>;
  caaCaller(actions?: string[]): Promise<CaaCaller>;
  /** The Caa Authorization header for one request, signed like signature.md says. */
  caaHeader(caller: CaaCaller, method: string, target: string, body?: string): string;
  admin(): Promise<Admin>;
  /** A trusted client app's key for /account/wx*. */
  clientKey(): Promise<string>;
  /** A WeChat account (as the other endpoints would have made it) for /account/wx*. */
  wechatAccount(options?: { nickname?: string }): Promise<string>;
  newWechatUser(options?: { nickname?: string; phone?: string }): Promise<WechatUser>;
  /** A fresh wxa_authorize body for this WeChat user: a new js_code and its encrypted data. */
  wxaAuthorizeBody(wechatUser: WechatUser): Promise<Record<string, string>>;
  /** wxa_authorize for a new (or given) WeChat user: a live session for the openid. */
  miniProgramUser(wechatUser?: WechatUser): Promise<MiniProgramUser>;
  /** A bound mini-program user with a session token for /accounts/me. */
  miniProgramToken(): Promise<{ token: string; uid: string; openid: string }>;
  close(): Promise<void>;
}

export async function startWorld(options: TestContextOptions = {}): Promise<World> {
  const id = unique('hw').replace(/-/g, '');
  const apps = {
    mini: { appId: `wx${id}mini`, secret: `${id}-mini-secret` },
    mobile: { appId: `wx${id}mobile`, secret: `${id}-mobile-secret` },
    web: {
      appId: `wx${id}web`,
      secret: `${id}-web-secret`,
      redirectUri: 'https://admin.example.com/#/account/settings/binding/wechat',
    },
    dingtalk: {
      clientId: `ding${id}`,
      clientSecret: `${id}-dingtalk-secret`,
      redirectUri: 'https://admin.example.com/#/account/settings/binding/dingtalk',
    },
  };
  const sandbox = await startSandbox({
    apps: {
      wechat: [apps.mini, apps.mobile, apps.web].map(({ appId, secret }) => ({
        appid: appId,
        secret,
      })),
      dingtalk: [{ clientId: apps.dingtalk.clientId, clientSecret: apps.dingtalk.clientSecret }],
    },
  });
  const control = createSandboxControl(sandbox.url);
  const sms = await startSmsWebhook();
  const context = await createTestContext({
    ...options,
    config: {
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: sms.url,
      SMS_HOURLY_LIMIT_PER_IP: '10000',
      WXA_BIND_HOURLY_LIMIT_PER_IP: '10000',
      ...options.config,
    },
    upstreams: {
      wechatApiBase: sandbox.url,
      dingtalkApiBase: sandbox.url,
      wechatConnectBase: sandbox.url,
      dingtalkLoginBase: sandbox.url,
      miniprogramApps: [apps.mini],
      mobileApp: apps.mobile,
      webApp: apps.web,
      dingtalkApp: apps.dingtalk,
      ...options.upstreams,
    },
  });
  const server = http.createServer(context.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { models, deps } = context;

  const world: World = {
    context,
    sandbox,
    control,
    sms,
    url,
    apps,
    http: () => request(url),
    async caaCaller(actions) {
      const user = await createUser(models, { name: unique('caa') });
      const key = await issueApiKey(models, deps.secretBox, { userId: user.id, actions });
      return { userId: user.id, apiKey: key.apiKey, apiSecret: key.apiSecret };
    },
    caaHeader(caller, method, target, body = '') {
      const timestamp = String(Date.now());
      const signature = createHmac('sha1', Buffer.from(caller.apiSecret, 'utf8'))
        .update(Buffer.from([method.toUpperCase(), target, timestamp, body].join('\n'), 'utf8'))
        .digest('base64');
      const credentials = `${caller.apiKey}:${signature} ${timestamp}`;
      return `Caa ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    },
    async admin() {
      const user = await createUser(models, { name: unique('admin') });
      const issued = await issuePersonalAccessToken(models, { userId: user.id, name: 'hardening' });
      return { userId: user.id, token: issued.token, auth: `Bearer ${issued.token}` };
    },
    async clientKey() {
      // A `server` key: the suites call /account/wx* as the document writes it.
      return (await createClientAppKey(models, { name: unique('client'), kind: 'server' })).key;
    },
    async wechatAccount({ nickname } = {}) {
      return (await createWechatAccount(models, { nickname })).accountKey;
    },
    newWechatUser: ({ nickname = unique('nick'), phone = uniqueMobile() } = {}) =>
      control.registerWechatUser({
        nickname,
        avatar: `https://thirdwx.qlogo.cn/${unique('avatar')}/132`,
        gender: 1,
        phone,
      }),
    async wxaAuthorizeBody(wechatUser) {
      const { js_code } = await control.mintJsCode({
        appid: apps.mini.appId,
        user: wechatUser.unionid,
      });
      const { encrypted_data, iv } = await control.mintEncryptedData({
        appid: apps.mini.appId,
        user: wechatUser.unionid,
      });
      return { js_code, encrypted_data, iv, auth_app_id: apps.mini.appId };
    },
    async miniProgramUser(given) {
      const wechatUser = given ?? (await world.newWechatUser());
      const response = await world
        .http()
        .post('/accounts/wxa_authorize')
        .send(await world.wxaAuthorizeBody(wechatUser));
      if (response.status !== 200) {
        throw new Error(`wxa_authorize answered ${response.status}: ${response.text}`);
      }
      return {
        wechatUser,
        openid: response.body.data.openid,
        sessionToken: response.body.data.session_token,
      };
    },
    async miniProgramToken() {
      const { openid, sessionToken } = await world.miniProgramUser();
      const mobile = uniqueMobile();
      const body = { auth_app_id: apps.mini.appId, openid, session_token: sessionToken, mobile };
      const sent = await world.http().post('/accounts/send_verify_code').send(body);
      if (sent.status !== 200) throw new Error(`send_verify_code answered ${sent.status}`);
      const bound = await world
        .http()
        .post('/accounts/wxa_bind_mobile')
        .send({ ...body, verify_code: sms.codeFor(mobile) });
      if (bound.status !== 200) throw new Error(`wxa_bind_mobile answered ${bound.status}`);
      return { token: bound.body.data.token, uid: bound.body.data.uid, openid };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await context.close();
      await sms.close();
      await sandbox.close();
    },
  };
  return world;
}
