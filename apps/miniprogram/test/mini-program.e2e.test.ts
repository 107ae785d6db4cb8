/**
 * @jest-environment node
 */
import type { RunningSandbox, SandboxControl, WechatUser } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SmsWebhook, TestContext } from '@wechat-bind/server/testing';
import {
  createTestContext,
  startSmsWebhook,
  unique,
  uniqueMobile,
} from '@wechat-bind/server/testing';
import type * as ConfigModule from '../miniprogram/config';
import type { StoredSession } from '../miniprogram/services/session-store';
import type { FakeWx, FakeWxOptions } from './fake-wx';
import { ANONYMOUS_USER_INFO, createFakeWx } from './fake-wx';
import { appModule } from './mini-program-globals';
import { createPageHost } from './page-host';
import { httpRequest, httpUpload, sandboxWechat } from './sandbox-wechat';

/**
 * The mini-program's pages and services against the real server: the app from createApp on a
 * loopback port, on the test PostgreSQL and Redis (real ones when DATABASE_URL and REDIS_URL are
 * set), with the sandbox as WeChat and a loopback SMS gateway. Only the phone is simulated: `wx`
 * whose requests and uploads are real HTTP and whose logins and profiles come from the sandbox,
 * with WeChat's rules of today: the anonymous profile, and the privacy sheet before personal data.
 */

/** A 1×1 PNG: what `<button open-type="chooseAvatar">` leaves in a temporary file. */
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const SESSION_KEY = 'wechat-bind:session';
const HOME = 'pages/home/index';
const SIGN_IN = 'pages/sign-in/index';
const BIND_PHONE = 'pages/bind-phone/index';
const PROFILE = 'pages/profile/index';

describe('the mini-program against the server', () => {
  let appId: string;
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let sms: SmsWebhook;
  let context: TestContext;
  let server: Server;
  let serverUrl: string;
  let avatarFile: string;

  beforeAll(async () => {
    appId = `wx${unique('mini').replace(/-/g, '')}`;
    const secret = unique('secret');
    sandbox = await startSandbox({ apps: { wechat: [{ appid: appId, secret }] } });
    control = createSandboxControl(sandbox.url);
    sms = await startSmsWebhook();
    context = await createTestContext({
      config: { SMS_SENDER: 'http', SMS_WEBHOOK_URL: sms.url },
      upstreams: { wechatApiBase: sandbox.url, miniprogramApps: [{ appId, secret }] },
    });
    server = createServer(context.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    avatarFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'wxfile-')), 'avatar.png');
    await fs.writeFile(avatarFile, AVATAR_PNG);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await context.close();
    await sms.close();
    await sandbox.close();
    await fs.rm(path.dirname(avatarFile), { recursive: true, force: true });
  });

  /** A WeChat user with a real name and picture in WeChat, which WeChat no longer hands apps. */
  const newWechatUser = (phone?: string) =>
    control.registerWechatUser({
      nickname: unique('真名'),
      avatar: `https://thirdwx.qlogo.cn/${unique('avatar')}/132`,
      gender: 1,
      phone,
    });

  const openApps: Array<ReturnType<typeof createPageHost>> = [];
  afterEach(async () => {
    // A page left open keeps its timers (the resend countdown) running.
    for (const host of openApps.splice(0)) await host.close();
  });

  /** A phone with WeChat signed in as `user`, running the mini-program. */
  function phoneOf(user: WechatUser, options: Pick<FakeWxOptions, 'privacy'> = {}) {
    const host = createPageHost();
    openApps.push(host);
    const phone: FakeWx = createFakeWx({
      appId,
      ...sandboxWechat(control, appId, user.unionid),
      request: httpRequest,
      upload: httpUpload,
      onNavigate: host.navigate,
      ...options,
    });
    return {
      host,
      phone,
      /** Opens the app (a cold start) pointed at the test server. */
      async launch() {
        host.launch(phone.wx, () => {
          appModule<typeof ConfigModule>('config').config.baseUrl.develop = serverUrl;
        });
        await host.settle();
      },
      /** From the home page, opens the account: the sign-in page, which will return there. */
      async openAccount() {
        await host.tap('onOpenAccount');
        expect(host.routes).toEqual([HOME, SIGN_IN]);
        await host.tap('onAgreementChange', { detail: { value: ['agreed'] } });
      },
      paths: () => phone.requests.map((call) => new URL(call.url).pathname),
      session: () => phone.storage.get(SESSION_KEY) as StoredSession | undefined,
    };
  }

  /** What the server says about the signed-in user, asked directly with the phone's token. */
  async function me(token: string) {
    const response = await fetch(`${serverUrl}/accounts/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return ((await response.json()) as { data: { username: string; avatar: string } }).data;
  }

  /** A user signed up through the phone-number button, on the profile page of their phone. */
  async function signedUpUser(mobile = uniqueMobile()) {
    const user = await newWechatUser(mobile);
    const device = phoneOf(user);
    await device.launch();
    await device.openAccount();
    await device.host.tap('onSignIn');
    const { code } = await control.mintPhoneCode({ appid: appId, user: user.unionid });
    await device.host.tap('onPhoneNumber', { detail: { code, errMsg: 'getPhoneNumber:ok' } });
    expect(device.host.routes).toEqual([HOME, PROFILE]);
    return { ...device, user };
  }

  it('opens on a home page that needs no sign-in', async () => {
    const device = phoneOf(await newWechatUser());
    await device.launch();
    expect(device.host.routes).toEqual([HOME]);
    expect(device.phone.wechatCalls).toEqual([]);
    expect(device.phone.requests).toEqual([]);
  });

  it('signs in when the account is opened, binds by SMS code, returns there, signs out and back in', async () => {
    const user = await newWechatUser();
    const mobile = uniqueMobile();
    const device = phoneOf(user);
    const { host, phone } = device;

    await device.launch();
    await device.openAccount();
    // The login is ready before the tap, so the profile is encrypted under its session key.
    expect(phone.wechatCalls).toEqual(['login']);

    await host.tap('onSignIn');
    expect(host.routes).toEqual([HOME, BIND_PHONE]);
    // WeChat hands every app the anonymous profile now, not the user's own.
    expect(host.page.data).toMatchObject({
      nickname: ANONYMOUS_USER_INFO.nickName,
      avatar: ANONYMOUS_USER_INFO.avatarUrl,
    });

    await host.tap('onMobileInput', { detail: { value: mobile } });
    await host.tap('onSendCode');
    expect(host.page.data.countdown).toBe(60);
    expect(phone.toasts).toEqual([{ title: '验证码已发送', icon: 'success' }]);
    const code = sms.codeFor(mobile);

    await host.tap('onCodeInput', { detail: { value: code } });
    await host.tap('onBind');
    // Back to the feature the sign-in was for.
    expect(host.routes).toEqual([HOME, PROFILE]);
    // Both calls carry the sign-in's proof, not just the openid.
    const [sent, bound] = phone.requests
      .slice(1, 3)
      .map((call) => call.data as Record<string, string>);
    expect(sent!.session_token).toMatch(/^[\w-]{43}$/);
    expect(bound!.session_token).toBe(sent!.session_token);
    const profile = host.page.data.user as { uid: string; mobile: string; username: string };
    expect(profile).toMatchObject({ mobile, username: ANONYMOUS_USER_INFO.nickName });
    expect(host.page.data.anonymous).toBe(true);
    expect(host.page.data.maskedMobile).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
    expect(device.session()).toMatchObject({ uid: profile.uid });
    // The server's store agrees.
    const stored = await context.models.User.findByPk(profile.uid);
    expect(stored?.mobile).toBe(mobile);

    await host.tap('onSignOut');
    expect(host.routes).toEqual([HOME]);
    expect(device.session()).toBeUndefined();

    // A returning user: one tap, straight back to the account, no code.
    await device.openAccount();
    await host.tap('onSignIn');
    expect(host.routes).toEqual([HOME, PROFILE]);
    expect(host.page.data.user).toMatchObject({ uid: profile.uid, mobile });
    expect(sms.received.filter((message) => message.mobile === mobile)).toHaveLength(1);
    expect(device.paths()).toEqual([
      '/accounts/wxa_authorize',
      '/accounts/send_verify_code',
      '/accounts/wxa_bind_mobile',
      '/accounts/me',
      '/accounts/wxa_authorize',
      '/accounts/me',
    ]);
    expect(phone.toasts).toHaveLength(1);
  });

  it('saves the avatar and the nickname the user typed, which is what the account shows', async () => {
    const { host, phone, user, session } = await signedUpUser();
    expect(host.page.data.user).toMatchObject({ username: ANONYMOUS_USER_INFO.nickName });

    await host.tap('onChooseAvatar', { detail: { avatarUrl: avatarFile } });
    expect(phone.uploads).toHaveLength(1);
    expect(phone.toasts.at(-1)).toEqual({ title: '头像已更新', icon: 'success' });
    const avatar = (host.page.data.user as { avatar: string }).avatar;
    expect(avatar).not.toBe(ANONYMOUS_USER_INFO.avatarUrl);

    const typed = unique('阿花').slice(0, 16);
    await host.tap('onNicknameInput', { detail: { value: typed } });
    await host.tap('onNicknameBlur', { detail: { value: typed } });
    await host.tap('onNicknameReview', { detail: { pass: true, timeout: false } });
    expect(phone.toasts.at(-1)).toEqual({ title: '昵称已保存', icon: 'success' });
    expect(host.page.data.anonymous).toBe(false);

    const account = await me(session()!.token);
    expect(account.username).toBe(typed);
    expect(account.username).not.toBe(user.nickname);
    expect(account.avatar).toBe(avatar);
  });

  it("binds with WeChat's phone-number button (phone_code)", async () => {
    const mobile = uniqueMobile();
    const user = await newWechatUser(mobile);
    const device = phoneOf(user);
    const { host } = device;
    await device.launch();
    await device.openAccount();
    await host.tap('onSignIn');
    expect(host.routes).toEqual([HOME, BIND_PHONE]);

    // What the button hands the page after the user picks their number in WeChat's sheet.
    const { code } = await control.mintPhoneCode({ appid: appId, user: user.unionid });
    await host.tap('onPhoneNumber', { detail: { code, errMsg: 'getPhoneNumber:ok' } });
    expect(host.routes).toEqual([HOME, PROFILE]);
    expect(host.page.data.user).toMatchObject({ mobile });
    expect(device.paths()).toEqual([
      '/accounts/wxa_authorize',
      '/accounts/wxa_bind_mobile',
      '/accounts/me',
    ]);
  });

  it('errno 1400001: the quota is used up, so the button goes and the SMS code binds', async () => {
    const device = phoneOf(await newWechatUser());
    const { host, phone } = device;
    const mobile = uniqueMobile();
    await device.launch();
    await device.openAccount();
    await host.tap('onSignIn');
    await host.tap('onPhoneNumber', {
      detail: { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 },
    });
    expect(phone.toasts.at(-1)).toEqual({
      title: '微信手机号快捷绑定今日已达上限，请用验证码绑定',
      icon: 'none',
    });
    expect(host.page.data.phoneButton).toBe(false);
    expect(device.paths()).toEqual(['/accounts/wxa_authorize']);

    await host.tap('onMobileInput', { detail: { value: mobile } });
    await host.tap('onSendCode');
    await host.tap('onCodeInput', { detail: { value: sms.codeFor(mobile) } });
    await host.tap('onBind');
    expect(host.routes).toEqual([HOME, PROFILE]);
    expect(host.page.data.user).toMatchObject({ mobile });
  });

  describe('privacy', () => {
    it('declined: the sign-in stops before WeChat or the server learn anything, then agreed: it goes on', async () => {
      const device = phoneOf(await newWechatUser(), { privacy: 'ask' });
      const { host, phone } = device;
      await device.launch();
      await device.openAccount();

      host.press('onSignIn');
      await host.until(() => host.page.data.privacyShown === true);
      expect(phone.privacyAnswers).toEqual([{ event: 'exposureAuthorization' }]);
      await host.tap('onPrivacyDisagree');
      await host.settle();
      expect(phone.toasts.at(-1)).toEqual({
        title: '需要你同意《隐私保护指引》才能继续',
        icon: 'none',
      });
      expect(device.paths()).toEqual([]);
      expect(host.routes).toEqual([HOME, SIGN_IN]);

      host.press('onSignIn');
      await host.until(() => host.page.data.privacyShown === true);
      await host.tap('onPrivacyAgree');
      await host.settle();
      expect(phone.privacyAnswers.at(-1)).toEqual({ event: 'agree', buttonId: 'privacy-agree' });
      expect(phone.privacyAgreed()).toBe(true);
      expect(host.routes).toEqual([HOME, BIND_PHONE]);
      expect(device.paths()).toEqual(['/accounts/wxa_authorize']);
    });

    it('errno 112: user info is not declared in the privacy guide, said in its own words', async () => {
      const device = phoneOf(await newWechatUser(), { privacy: 'undeclared' });
      const { host, phone } = device;
      await device.launch();
      await device.openAccount();
      await host.tap('onSignIn');
      expect(phone.toasts.at(-1)).toEqual({
        title: '该功能暂时无法使用，请稍后再试或联系客服',
        icon: 'none',
      });
      expect(device.paths()).toEqual([]);
      expect(host.routes).toEqual([HOME, SIGN_IN]);
    });
  });

  it('shows 该手机号已绑定 when the number belongs to someone else', async () => {
    const mobile = uniqueMobile();
    await signedUpUser(mobile);

    const device = phoneOf(await newWechatUser());
    const { host, phone } = device;
    await device.launch();
    await device.openAccount();
    await host.tap('onSignIn');
    await host.tap('onMobileInput', { detail: { value: mobile } });
    await host.tap('onSendCode');
    await host.tap('onCodeInput', { detail: { value: sms.codeFor(mobile) } });
    // Two taps at once: one bind reaches the server.
    const page = host.page as Record<string, () => Promise<void>>;
    await Promise.all([page.onBind!(), page.onBind!()]);
    await host.settle();
    expect(device.paths().filter((path) => path === '/accounts/wxa_bind_mobile')).toHaveLength(1);
    expect(phone.toasts.at(-1)).toEqual({ title: '该手机号已绑定', icon: 'none' });
    expect(host.routes).toEqual([HOME, BIND_PHONE]);
    expect(host.page.data.binding).toBe(false);
    expect(device.session()).toBeUndefined();
  });

  it('retries once with a new wx.login when the session key went stale', async () => {
    const user = await newWechatUser();
    const device = phoneOf(user);
    const { host, phone } = device;
    await device.launch();
    await device.openAccount();
    // WeChat renews the session behind the app's back (another wx.login, say): the prepared
    // code's session key is no longer the one the profile will be encrypted with.
    await control.mintJsCode({ appid: appId, user: user.unionid });
    await control.resetCalls();

    await host.tap('onSignIn');
    expect(host.routes).toEqual([HOME, BIND_PHONE]);
    expect(device.paths()).toEqual(['/accounts/wxa_authorize', '/accounts/wxa_authorize']);
    expect(phone.wechatCalls).toEqual(['login', 'getUserProfile', 'login', 'getUserInfo']);
    expect((await control.getCalls()).calls['/sns/jscode2session']).toBe(2);
    expect(phone.toasts).toEqual([]);
  });

  it('signs in again by itself when the token is refused or expired', async () => {
    const device = await signedUpUser();
    const { host, phone } = device;
    const first = device.session()!;

    // A token the server refuses (forged, or signed with a rotated secret): 401, then renewal.
    phone.wx.setStorageSync(SESSION_KEY, { ...first, token: `${first.token}x` });
    phone.requests.length = 0;
    await device.launch();
    await host.tap('onOpenAccount');
    expect(host.routes).toEqual([HOME, PROFILE]);
    expect(device.paths()).toEqual(['/accounts/me', '/accounts/wxa_authorize', '/accounts/me']);
    expect(phone.requests[0]!.header.Authorization).toBe(`Bearer ${first.token}x`);
    const renewed = device.session()!;
    expect(renewed.token).not.toBe(`${first.token}x`);
    expect(phone.requests[2]!.header.Authorization).toBe(`Bearer ${renewed.token}`);
    expect(host.page.data.user).toMatchObject({ uid: first.uid });

    // A token this phone knows has expired is renewed before it is sent.
    phone.wx.setStorageSync(SESSION_KEY, { ...renewed, expiresAt: Date.now() - 1000 });
    phone.requests.length = 0;
    await device.launch();
    await host.tap('onOpenAccount');
    expect(device.paths()).toEqual(['/accounts/wxa_authorize', '/accounts/me']);
    expect(host.page.data.user).toMatchObject({ uid: first.uid });
    expect(phone.toasts.filter((toast) => toast.icon === 'none')).toEqual([]);
  });
});
