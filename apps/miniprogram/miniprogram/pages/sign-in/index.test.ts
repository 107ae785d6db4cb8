import type { FakeWx, FakeWxOptions, RequestCall, RequestOutcome } from '../../../test/fake-wx';
import { createFakeWx, DEFAULT_APP_ID, ok, refused } from '../../../test/fake-wx';
import { launchMiniProgram } from '../../../test/mini-program-globals';
import type { RenderedPage } from '../../../test/render-page';
import { renderPage } from '../../../test/render-page';
import type { Reply } from '../../../test/scripted-server';
import { deferred, identityData, scriptedServer, sessionData } from '../../../test/scripted-server';

const ROUTE = 'pages/sign-in/index';
const SESSION_KEY = 'wechat-bind:session';

describe('sign-in page', () => {
  let fake: FakeWx;
  let codes: number;
  let profiles: number;
  let authorize: jest.Mock<Reply, [RequestCall]>;
  let page: RenderedPage;

  function start(options: FakeWxOptions & { query?: Record<string, string> } = {}) {
    codes = 0;
    profiles = 0;
    fake = createFakeWx({
      login: async () => `code-${++codes}`,
      userInfo: async (kind) => ({ encryptedData: `${kind}-data-${++profiles}`, iv: 'iv==' }),
      ...scriptedServer({ '/accounts/wxa_authorize': (call) => authorize(call) }),
      ...options,
    });
    launchMiniProgram(fake.wx);
    page = renderPage(ROUTE, options.query);
  }

  /** Ticks "I have read and agree", as the user must before signing in. */
  const agree = () => page.fire('#agreement', 'change', { value: ['agreed'] });
  const signIn = async () => {
    await agree();
    await page.tap('#sign-in');
  };

  const bound = () => ok({ ...identityData(), ...sessionData(), bound: true, is_bind: true });

  beforeEach(() => {
    authorize = jest.fn<Reply, [RequestCall]>(() => ok(sessionData()));
  });
  afterEach(() => page.unmount());

  it('renders one enabled sign-in button and logs in ahead of the tap', async () => {
    start();
    await page.settle();
    expect(page.text('#sign-in')).toBe('微信一键登录');
    expect(page.button('#sign-in')).toEqual({ disabled: false, loading: false });
    expect(fake.wechatCalls).toEqual(['login']);
  });

  it('signs a returning user in and goes straight to the profile', async () => {
    start();
    const reply = deferred<RequestOutcome>();
    authorize.mockImplementation(() => reply.promise);
    await signIn();
    // In flight: the button spins and is disabled.
    expect(page.button('#sign-in')).toEqual({ disabled: true, loading: true });
    expect(page.text('#sign-in')).toBe('登录中…');

    reply.resolve(ok({ ...identityData(), ...sessionData(), bound: true, is_bind: true }));
    await page.settle();
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls[0]![0].data).toEqual({
      js_code: 'code-1',
      encrypted_data: 'getUserProfile-data-1',
      iv: 'iv==',
      auth_app_id: DEFAULT_APP_ID,
    });
    expect(fake.storage.get(SESSION_KEY)).toMatchObject({ token: 'token-1', uid: '42' });
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/home/index' }]);
    expect(page.button('#sign-in')).toEqual({ disabled: false, loading: false });
  });

  it('returns to the feature it was opened for, with its query', async () => {
    start({ query: { returnTo: encodeURIComponent('/pages/profile/index?tab=name') } });
    authorize.mockImplementation(bound);
    await signIn();
    await page.settle();
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: '/pages/profile/index?tab=name' },
    ]);
  });

  it.each([
    ['a sign-in step', '/pages/bind-phone/index'],
    ['a page the app does not have', '/pages/elsewhere/index'],
    ['a broken escape', '%E0%A4%A'],
  ])('goes home rather than to %s', async (_name, returnTo) => {
    start({ query: { returnTo } });
    authorize.mockImplementation(bound);
    await signIn();
    await page.settle();
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/home/index' }]);
  });

  it('signs in only after the user agrees to the terms, which it links', async () => {
    start();
    await page.settle();
    expect(page.text('#user-agreement')).toBe('《用户协议》');
    expect(page.text('#privacy-guide')).toBe('《隐私保护指引》');
    await page.tap('#sign-in');
    await page.settle();
    expect(fake.toasts).toEqual([
      { title: '请先阅读并同意《用户协议》和《隐私保护指引》', icon: 'none' },
    ]);
    expect(fake.wechatCalls).toEqual(['login']);
    expect(authorize).not.toHaveBeenCalled();

    await page.tap('#privacy-guide');
    await page.tap('#user-agreement');
    await page.settle();
    expect(fake.wechatCalls).toEqual(['login', 'openPrivacyContract']);
    expect(fake.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/user-agreement/index' }]);
  });

  it("sends WeChat's anonymous profile as it comes: only the encrypted data and iv", async () => {
    start();
    await signIn();
    await page.settle();
    expect(Object.keys(authorize.mock.calls[0]![0].data as object).sort()).toEqual([
      'auth_app_id',
      'encrypted_data',
      'iv',
      'js_code',
    ]);
  });

  it('sends a new user to the phone binding with the identity', async () => {
    start();
    authorize.mockImplementation(() => ok(identityData()));
    await signIn();
    await page.settle();
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: '/pages/bind-phone/index?returnTo=%2Fpages%2Fhome%2Findex' },
    ]);
    expect(getApp<{ globalData: { identity?: unknown } }>().globalData.identity).toMatchObject({
      openid: 'o-openid-1',
      bound: false,
      session_token: 'session-token-1',
    });
    expect(fake.storage.has(SESSION_KEY)).toBe(false);
  });

  it('ignores a second tap while the first sign-in is in flight', async () => {
    start();
    const reply = deferred<RequestOutcome>();
    authorize.mockImplementation(() => reply.promise);
    await agree();
    void page.tap('#sign-in');
    await page.tap('#sign-in');
    await page.tap('#sign-in');
    reply.resolve(ok({ ...identityData(), ...sessionData(), bound: true, is_bind: true }));
    await page.settle();
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(fake.wechatCalls.filter((call) => call === 'getUserProfile')).toHaveLength(1);
  });

  it("shows the server's message in a toast and readies a new code for the next tap", async () => {
    start();
    authorize.mockImplementation(() => refused(429, '微信登录过于频繁，请稍后再试'));
    await signIn();
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '微信登录过于频繁，请稍后再试', icon: 'none' }]);
    expect(fake.navigations).toEqual([]);
    expect(page.button('#sign-in')).toEqual({ disabled: false, loading: false });
    expect(fake.wechatCalls).toEqual(['login', 'getUserProfile', 'login']);

    authorize.mockImplementation(() =>
      ok({ ...identityData(), ...sessionData(), bound: true, is_bind: true }),
    );
    await page.tap('#sign-in');
    await page.settle();
    expect(authorize.mock.calls[1]![0].data).toMatchObject({ js_code: 'code-2' });
  });

  it('retries once with a new login when the session key was stale', async () => {
    start();
    authorize
      .mockImplementationOnce(() =>
        refused(400, 'encrypted_data 解密失败：数据已损坏或不属于本次登录'),
      )
      .mockImplementationOnce(() =>
        ok({ ...identityData(), ...sessionData(), bound: true, is_bind: true }),
      );
    await signIn();
    await page.settle();
    expect(authorize).toHaveBeenCalledTimes(2);
    // The retry's profile comes from getUserInfo (no tap needed), after the new login.
    expect(fake.wechatCalls).toEqual(['login', 'getUserProfile', 'login', 'getUserInfo']);
    expect(authorize.mock.calls[1]![0].data).toMatchObject({
      js_code: 'code-2',
      encrypted_data: 'getUserInfo-data-2',
    });
    expect(fake.toasts).toEqual([]);
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/home/index' }]);
  });

  it('retries a stale login only once, and says so in plain words', async () => {
    start();
    authorize.mockImplementation(() => refused(400, 'js_code 已被使用，请重新登录'));
    await signIn();
    await page.settle();
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(fake.toasts).toEqual([{ title: '登录已过期，请重新登录', icon: 'none' }]);
  });

  it('does not retry other refusals, and names no field', async () => {
    start();
    authorize.mockImplementation(() => refused(400, 'encrypted_data 解密失败：数据不属于该小程序'));
    await signIn();
    await page.settle();
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(fake.toasts).toEqual([
      { title: '登录信息校验失败，请重新打开小程序后再试', icon: 'none' },
    ]);
  });

  describe('privacy', () => {
    it('shows its own consent sheet when WeChat asks, and goes on when the user agrees', async () => {
      start({ privacy: 'ask' });
      await page.settle();
      expect(page.has('#privacy-sheet .weui-half-screen-dialog')).toBe(false);
      authorize.mockImplementation(bound);
      await signIn();
      await page.flush();
      // WeChat holds getUserProfile until the app's sheet is answered.
      expect(page.has('#privacy-agree')).toBe(true);
      expect(page.attribute('#privacy-agree', 'open-type')).toBe('agreePrivacyAuthorization');
      expect(authorize).not.toHaveBeenCalled();

      await page.fire('#privacy-agree', 'agreeprivacyauthorization');
      await page.settle();
      expect(fake.privacyAnswers).toEqual([
        { event: 'exposureAuthorization' },
        { event: 'agree', buttonId: 'privacy-agree' },
      ]);
      expect(page.has('#privacy-agree')).toBe(false);
      expect(authorize).toHaveBeenCalledTimes(1);
      expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/home/index' }]);
    });

    it('links the privacy guide and the user agreement from the sheet', async () => {
      start({ privacy: 'ask' });
      await signIn();
      await page.flush();
      await page.tap('#privacy-contract');
      await page.tap('#privacy-agreement');
      await page.flush();
      expect(fake.wechatCalls).toContain('openPrivacyContract');
      expect(fake.navigations).toEqual([
        { kind: 'navigateTo', url: '/pages/user-agreement/index' },
      ]);
    });

    it('says why nothing happened when the user declines, without calling the server', async () => {
      start({ privacy: 'ask' });
      await signIn();
      await page.flush();
      await page.tap('#privacy-disagree');
      await page.settle();
      expect(fake.privacyAnswers.at(-1)).toEqual({ event: 'disagree' });
      expect(authorize).not.toHaveBeenCalled();
      expect(fake.toasts).toEqual([{ title: '需要你同意《隐私保护指引》才能继续', icon: 'none' }]);
      expect(page.button('#sign-in')).toEqual({ disabled: false, loading: false });
    });

    it('has its own words for errno 112 (user info not declared in the privacy guide)', async () => {
      start({ privacy: 'undeclared' });
      await signIn();
      await page.settle();
      expect(authorize).not.toHaveBeenCalled();
      expect(fake.toasts).toEqual([
        { title: '该功能暂时无法使用，请稍后再试或联系客服', icon: 'none' },
      ]);
    });
  });

  it('asks for consent when the user declines the profile sheet, without calling the server', async () => {
    start({ userInfo: () => Promise.reject(new Error('auth deny')) });
    await signIn();
    await page.settle();
    expect(authorize).not.toHaveBeenCalled();
    expect(fake.toasts).toEqual([{ title: '需要你同意授权才能登录', icon: 'none' }]);
  });

  it('reports a timeout as such', async () => {
    start({ request: async () => ({ errMsg: 'request:fail timeout' }) });
    await signIn();
    await page.settle();
    expect(fake.requests[0]).toMatchObject({ timeout: 10000, method: 'POST' });
    expect(fake.toasts).toEqual([{ title: '网络超时，请稍后重试', icon: 'none' }]);
  });

  it('falls back to getUserInfo where getUserProfile does not exist', async () => {
    start({ hasGetUserProfile: false });
    await signIn();
    await page.settle();
    expect(fake.wechatCalls).toEqual(['login', 'getUserInfo']);
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it('goes straight back when a session is stored', () => {
    fake = createFakeWx();
    fake.wx.setStorageSync(SESSION_KEY, {
      token: 't',
      uid: '1',
      openid: 'o',
      expiresAt: Date.now() + 60 * 60 * 1000,
    });
    launchMiniProgram(fake.wx);
    page = renderPage(ROUTE, { returnTo: encodeURIComponent('/pages/profile/index') });
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/profile/index' }]);
    expect(fake.wechatCalls).toEqual([]);
  });
});
