import type { FakeWx, FakeWxOptions, RequestCall, RequestOutcome } from '../../../test/fake-wx';
import { createFakeWx, ok, refused } from '../../../test/fake-wx';
import { launchMiniProgram } from '../../../test/mini-program-globals';
import type { RenderedPage } from '../../../test/render-page';
import { renderPage } from '../../../test/render-page';
import type { Reply } from '../../../test/scripted-server';
import { deferred, identityData, scriptedServer, sessionData } from '../../../test/scripted-server';

const ROUTE = 'pages/profile/index';
const SESSION_KEY = 'wechat-bind:session';
const HOUR = 60 * 60 * 1000;

const meData = (overrides: Record<string, unknown> = {}) => {
  const { token: _token, ...user } = sessionData({ mobile: '13900139000', ...overrides });
  return user;
};

describe('profile page', () => {
  let fake: FakeWx;
  let page: RenderedPage;
  let me: jest.Mock<Reply, [RequestCall]>;
  let authorize: jest.Mock<Reply, [RequestCall]>;

  function start(options: FakeWxOptions & { token?: string; expiresAt?: number } = {}) {
    fake = createFakeWx({
      login: async () => 'renewal-code',
      userInfo: async () => ({ encryptedData: 'renewal-data', iv: 'iv==' }),
      ...scriptedServer({
        '/accounts/me': (call) => me(call),
        '/accounts/wxa_authorize': (call) => authorize(call),
      }),
      ...options,
    });
    if (options.token) {
      fake.wx.setStorageSync(SESSION_KEY, {
        token: options.token,
        uid: '42',
        openid: 'o-openid-1',
        expiresAt: options.expiresAt ?? Date.now() + HOUR,
      });
    }
    launchMiniProgram(fake.wx);
    page = renderPage(ROUTE);
  }

  beforeEach(() => {
    me = jest.fn<Reply, [RequestCall]>(() => ok(meData()));
    authorize = jest.fn<Reply, [RequestCall]>(() =>
      ok({ ...identityData(), ...sessionData({ token: 'token-2' }), bound: true }),
    );
  });
  afterEach(() => page.unmount());

  it('loads the user with the stored token and shows them', async () => {
    const reply = deferred<RequestOutcome>();
    me.mockImplementation(() => reply.promise);
    start({ token: 'token-1' });
    // onShow started the load: the page says so until the reply arrives.
    expect(page.text('#loading')).toBe('加载中…');

    reply.resolve(ok(meData()));
    await page.settle();
    expect(me).toHaveBeenCalledTimes(1);
    expect(me.mock.calls[0]![0]).toMatchObject({
      method: 'GET',
      header: { Authorization: 'Bearer token-1' },
    });
    expect(page.text('#username')).toBe('小明');
    expect(page.text('#mobile')).toBe('手机号 139****9000');
    expect(page.text('#uid')).toBe('用户 ID 42');
    expect(page.text('#loading')).toBe('');
  });

  it('sends someone without a session to sign in, without calling the server', async () => {
    start();
    await page.settle();
    expect(me).not.toHaveBeenCalled();
    expect(fake.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/sign-in/index' }]);
  });

  it('signs in again silently when the server refuses the token, then loads', async () => {
    me.mockImplementationOnce(() => refused(401, '登录已失效，请重新登录'));
    start({ token: 'token-1' });
    await page.settle();
    expect(fake.wechatCalls).toEqual(['login', 'getUserInfo']);
    expect(authorize.mock.calls[0]![0].data).toMatchObject({
      js_code: 'renewal-code',
      encrypted_data: 'renewal-data',
    });
    expect(me.mock.calls.map(([call]) => call.header.Authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(fake.storage.get(SESSION_KEY)).toMatchObject({ token: 'token-2' });
    expect(page.text('#username')).toBe('小明');
    expect(fake.toasts).toEqual([]);
  });

  it('renews a token known to be expired before using it', async () => {
    start({ token: 'token-1', expiresAt: Date.now() - 1000 });
    await page.settle();
    expect(me.mock.calls.map(([call]) => call.header.Authorization)).toEqual(['Bearer token-2']);
  });

  it('drops the session and asks for a sign-in when the identity is no longer bound', async () => {
    me.mockImplementation(() => refused(401, '登录已失效，请重新登录'));
    authorize.mockImplementation(() => ok(identityData()));
    start({ token: 'token-1' });
    await page.settle();
    expect(fake.storage.has(SESSION_KEY)).toBe(false);
    expect(fake.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/sign-in/index' }]);
  });

  it('keeps the session through a network failure and offers a retry', async () => {
    start({ token: 'token-1', request: async () => ({ errMsg: 'request:fail ECONNREFUSED' }) });
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '网络连接失败，请检查网络后重试', icon: 'none' }]);
    expect(page.text('#retry')).toBe('重试');
    expect(fake.storage.get(SESSION_KEY)).toMatchObject({ token: 'token-1' });
    expect(fake.navigations).toEqual([]);
  });

  it('retries on tap', async () => {
    me.mockImplementationOnce(() => refused(503, '服务暂不可用'));
    start({ token: 'token-1' });
    await page.settle();
    expect(page.text('#retry')).toBe('重试');
    await page.tap('#retry');
    await page.settle();
    expect(me).toHaveBeenCalledTimes(2);
    expect(page.text('#username')).toBe('小明');
  });

  it('signs out: forgets the token and returns to sign-in', async () => {
    start({ token: 'token-1' });
    await page.settle();
    await page.tap('#sign-out');
    expect(fake.storage.has(SESSION_KEY)).toBe(false);
    expect(fake.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/sign-in/index' }]);
  });
});
