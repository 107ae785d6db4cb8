import type { RunningSandbox, SandboxControl, WechatAppInput } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DingtalkApp, WechatWebApp, WecomApp } from '../../src/config';
import { issuePersonalAccessToken } from '../../src/libraries/personal-access-tokens';
import { createUser } from '../../src/libraries/users';
import type { UpstreamSettings } from '../../src/runtime/upstreams';
import type { TestContext } from './test-context';
import { createTestContext, unique } from './test-context';

/**
 * What the administrator route tests share: a sandbox standing in for WeChat and DingTalk (with
 * this server's web and DingTalk apps registered), the app listening on loopback, and helpers
 * that play the user's part of a binding (open the authorize URL, press Allow, read the redirect).
 */

export const WEB_APP: WechatWebApp = {
  appId: 'wx0admin0web0test',
  secret: 'admin-web-test-secret',
  redirectUri: 'https://admin.example.com/#/account/settings/binding/wechat',
};
export const DINGTALK_APP: DingtalkApp = {
  clientId: 'dingadmintestclient',
  clientSecret: 'admin-dingtalk-test-secret',
  redirectUri: 'https://admin.example.com/#/account/settings/binding/dingtalk',
};

/** The official account (公众号), on the same Open Platform account as WEB_APP. */
export const MP_APP: WechatWebApp = {
  appId: 'wx0admin0officialacct',
  secret: 'admin-official-account-test-secret',
  redirectUri: 'https://admin.example.com/#/account/settings/binding/wechat-mp',
};
export const WECOM_APP: WecomApp = {
  corpId: 'ww0admin0test0corp',
  agentId: '1000002',
  secret: 'admin-wecom-agent-test-secret',
  redirectUri: 'https://admin.example.com/#/account/settings/binding/wecom',
};

/** The organisation the sandbox's DingTalk app belongs to, and its members sign in as. */
export const DINGTALK_CORP_ID = 'dingadmintestcorp';

export const PATH = '/api/administrator/user/oauth-binding';

export type BindingType = 'WECHAT' | 'DING_TALK' | 'WECOM' | 'WECHAT_MP';

export interface Admin {
  userId: string;
  tokenId: string;
  token: string;
  /** The Authorization header value. */
  auth: string;
}

/** What the provider's redirect hands the browser. */
export interface Redirected {
  code?: string;
  authCode?: string;
  state?: string;
  error?: string;
}

export interface AdministratorKit {
  sandbox: RunningSandbox;
  control: SandboxControl;
  context: TestContext;
  /** supertest bound to the listening app. */
  http: () => ReturnType<typeof request>;
  newAdmin(): Promise<Admin>;
  newWechatUser(): Promise<string>;
  /** `corpId`: the organisation the user signs in as (default the app's, DINGTALK_CORP_ID). */
  newDingtalkUser(options?: { corpId?: string }): Promise<string>;
  /** A person in WECOM_APP's corp (or `corpId`); answers their userId. */
  newWecomUser(options?: { corpId?: string; member?: boolean }): Promise<string>;
  /** PUT {type} {state: false}: the authorize URL. */
  startBinding(admin: Admin, type: BindingType): Promise<string>;
  /** Like a browser: load the consent page, press Allow as `user`, read the redirect. */
  approveOnConsentPage(authorizeUrl: string, user: string): Promise<Redirected>;
  /** The sandbox's non-interactive authorize link (same parameters plus `user`). */
  approveDirectly(authorizeUrl: string, user: string): Promise<Redirected>;
  post(admin: Admin, body: unknown): ReturnType<ReturnType<typeof request>['post']>;
  put(admin: Admin, type: string, body: unknown): ReturnType<ReturnType<typeof request>['put']>;
  list(admin: Admin): ReturnType<ReturnType<typeof request>['get']>;
  /** The whole flow up to a POST with what the redirect carried. */
  bind(admin: Admin, type: BindingType, user: string): Promise<request.Response>;
  close(): Promise<void>;
}

export interface KitOptions {
  config?: Record<string, string>;
  upstreams?: Partial<UpstreamSettings>;
  /** Extra sandbox app settings (e.g. openPlatform false, contactUserRead false). */
  wechatOpenPlatform?: boolean;
  dingtalkContactUserRead?: boolean;
  /** More WeChat apps in the sandbox (a mini-program the test also configures, say). */
  wechatApps?: WechatAppInput[];
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescapeHtml = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e]!);

function readRedirect(location: string | null): Redirected {
  if (!location) throw new Error('the provider did not redirect');
  const params = new URL(location).searchParams;
  const read = (name: string) => params.get(name) ?? undefined;
  return {
    code: read('code'),
    authCode: read('authCode'),
    state: read('state'),
    error: read('error'),
  };
}

export async function startAdministratorKit(options: KitOptions = {}): Promise<AdministratorKit> {
  const sandbox = await startSandbox({
    apps: {
      wechat: [
        {
          appid: WEB_APP.appId,
          secret: WEB_APP.secret,
          openPlatform: options.wechatOpenPlatform ?? true,
        },
        {
          appid: MP_APP.appId,
          secret: MP_APP.secret,
          openPlatform: options.wechatOpenPlatform ?? true,
        },
        ...(options.wechatApps ?? []),
      ],
      wecom: [{ corpId: WECOM_APP.corpId, agentId: WECOM_APP.agentId, secret: WECOM_APP.secret }],
      dingtalk: [
        {
          clientId: DINGTALK_APP.clientId,
          clientSecret: DINGTALK_APP.clientSecret,
          corpId: DINGTALK_CORP_ID,
          contactUserRead: options.dingtalkContactUserRead ?? true,
        },
      ],
    },
  });
  const control = createSandboxControl(sandbox.url);
  const context = await createTestContext({
    config: options.config,
    upstreams: {
      wechatApiBase: sandbox.url,
      dingtalkApiBase: sandbox.url,
      wechatConnectBase: sandbox.url,
      dingtalkLoginBase: sandbox.url,
      wecomApiBase: sandbox.url,
      wecomLoginBase: sandbox.url,
      webApp: WEB_APP,
      mpApp: MP_APP,
      dingtalkApp: DINGTALK_APP,
      wecomApp: WECOM_APP,
      ...options.upstreams,
    },
  });
  const server: Server = createServer(context.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = () => request(base);

  const kit: AdministratorKit = {
    sandbox,
    control,
    context,
    http,
    async newAdmin() {
      const user = await createUser(context.models, { name: unique('admin') });
      const issued = await issuePersonalAccessToken(context.models, {
        userId: user.id,
        name: 'test',
      });
      return {
        userId: user.id,
        tokenId: issued.id,
        token: issued.token,
        auth: `Bearer ${issued.token}`,
      };
    },
    async newWechatUser() {
      const user = await control.registerWechatUser({
        unionid: unique('union'),
        nickname: unique('wx-nick'),
        avatar: `https://example.com/${unique('avatar')}.png`,
        gender: 1,
      });
      return user.unionid;
    },
    async newDingtalkUser(options = {}) {
      const user = await control.registerDingtalkUser({
        ...options,
        unionId: unique('dt-union'),
        nick: unique('dt-nick'),
        avatarUrl: `https://example.com/${unique('avatar')}.png`,
      });
      return user.unionId;
    },
    async newWecomUser({ corpId = WECOM_APP.corpId, member } = {}) {
      const user = await control.registerWecomUser({
        corpId,
        userId: unique('wecom-user'),
        name: unique('wecom-name'),
        member,
      });
      return user.userId;
    },
    async startBinding(admin, type) {
      const response = await kit.put(admin, type, { state: false });
      if (response.status !== 200) {
        throw new Error(
          `PUT ${type} answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      }
      return response.body.data as string;
    },
    async approveOnConsentPage(authorizeUrl, user) {
      const page = await fetch(authorizeUrl);
      const html = await page.text();
      if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html}`);
      const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
      if (!action) throw new Error('no consent form on the page');
      const form = new URLSearchParams();
      for (const [, name, value] of html.matchAll(
        /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
      )) {
        form.append(unescapeHtml(name!), unescapeHtml(value!));
      }
      // Press the user's Allow button: it submits the form with user=<its value>.
      if (!html.includes(`name="user" value="${user}"`))
        throw new Error(`no Allow button for ${user}`);
      form.append('user', user);
      const answer = await fetch(new URL(unescapeHtml(action), authorizeUrl), {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      return readRedirect(answer.headers.get('location'));
    },
    async approveDirectly(authorizeUrl, user) {
      const url = new URL(authorizeUrl);
      url.pathname = `${url.pathname}/authorize`;
      url.searchParams.set('user', user);
      url.hash = '';
      const answer = await fetch(url, { redirect: 'manual' });
      return readRedirect(answer.headers.get('location'));
    },
    post: (admin, body) =>
      http()
        .post(PATH)
        .set('Authorization', admin.auth)
        .send(body as object),
    put: (admin, type, body) =>
      http()
        .put(`${PATH}/${type}`)
        .set('Authorization', admin.auth)
        .send(body as object),
    list: (admin) => http().get(PATH).set('Authorization', admin.auth),
    async bind(admin, type, user) {
      const url = await kit.startBinding(admin, type);
      const { code, state } = await kit.approveDirectly(url, user);
      return kit.post(admin, { type, code, state });
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await context.close();
      await sandbox.close();
    },
  };
  return kit;
}
