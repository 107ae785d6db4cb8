import type {
  FakeWx,
  FakeWxOptions,
  RequestCall,
  RequestOutcome,
  UploadCall,
} from '../../../test/fake-wx';
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
  let upload: jest.Mock<Promise<RequestOutcome>, [UploadCall]>;

  function start(options: FakeWxOptions & { token?: string; expiresAt?: number } = {}) {
    fake = createFakeWx({
      login: async () => 'renewal-code',
      userInfo: async () => ({ encryptedData: 'renewal-data', iv: 'iv==' }),
      ...scriptedServer({
        '/accounts/me': (call) => me(call),
        '/accounts/wxa_authorize': (call) => authorize(call),
      }),
      upload: (call) => upload(call),
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
    upload = jest.fn<Promise<RequestOutcome>, [UploadCall]>(async () =>
      ok({ avatar_url: 'https://cdn.example.com/avatars/42.png' }),
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
    // The sign-in returns here afterwards.
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: '/pages/sign-in/index?returnTo=%2Fpages%2Fprofile%2Findex' },
    ]);
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
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: '/pages/sign-in/index?returnTo=%2Fpages%2Fprofile%2Findex' },
    ]);
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

  it('signs out: forgets the token and goes home', async () => {
    start({ token: 'token-1' });
    await page.settle();
    await page.tap('#sign-out');
    expect(fake.storage.has(SESSION_KEY)).toBe(false);
    expect(fake.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/home/index' }]);
  });

  describe('avatar and nickname', () => {
    const saved = (username: string) => ok(meData({ username }));

    it("invites a user with WeChat's anonymous name to pick their own", async () => {
      me.mockImplementation(() => ok(meData({ username: '微信用户' })));
      start({ token: 'token-1' });
      await page.settle();
      expect(page.text('#fill-in-hint')).toBe('设置你的头像和昵称，让大家认出你');
      expect(page.attribute('#choose-avatar', 'open-type')).toBe('chooseAvatar');
    });

    it('uploads the chosen avatar with wx.uploadFile and shows it', async () => {
      start({ token: 'token-1' });
      await page.settle();
      expect(page.has('#fill-in-hint')).toBe(false);
      await page.fire('#choose-avatar', 'chooseavatar', { avatarUrl: 'wxfile://tmp/avatar.png' });
      expect(page.button('#choose-avatar')).toEqual({ disabled: true, loading: true });
      await page.settle();
      expect(fake.uploads).toEqual([
        {
          url: 'http://127.0.0.1:3000/accounts/me/avatar',
          filePath: 'wxfile://tmp/avatar.png',
          name: 'file',
          header: { Authorization: 'Bearer token-1' },
          timeout: 10000,
        },
      ]);
      expect(page.instance.data.user).toMatchObject({
        avatar: 'https://cdn.example.com/avatars/42.png',
      });
      expect(fake.toasts).toEqual([{ title: '头像已更新', icon: 'success' }]);
      expect(page.button('#choose-avatar')).toEqual({ disabled: false, loading: false });
    });

    it.each([
      [413, '头像不能超过 1 MB', '头像不能超过 1 MB'],
      [415, '头像仅支持 JPEG、PNG 或 WebP 图片', '头像仅支持 JPEG、PNG 或 WebP 图片'],
      [413, '请求数据过大', '图片太大，请换一张小一点的图片'],
      [415, '请求数据格式不支持', '不支持这种图片格式，请换一张 JPG 或 PNG 图片'],
    ])('says what is wrong with a refused file (%i %s)', async (status, message, shown) => {
      upload.mockImplementation(async () => refused(status, message));
      start({ token: 'token-1' });
      await page.settle();
      await page.fire('#choose-avatar', 'chooseavatar', { avatarUrl: 'wxfile://tmp/big.png' });
      await page.settle();
      expect(fake.toasts).toEqual([{ title: shown, icon: 'none' }]);
    });

    it('saves the nickname the user typed once WeChat has reviewed it', async () => {
      start({ token: 'token-1' });
      await page.settle();
      me.mockImplementation((call) =>
        call.method === 'PUT' ? saved((call.data as { nickname: string }).nickname) : ok(meData()),
      );
      await page.input('#nickname', ' 阿花 ');
      await page.fire('#nickname', 'blur', { value: ' 阿花 ' });
      await page.settle();
      // The blur alone saves nothing: WeChat is still checking the text.
      expect(me).toHaveBeenCalledTimes(1);
      await page.fire('#nickname', 'nicknamereview', { pass: true, timeout: false });
      await page.settle();
      expect(me.mock.calls[1]![0]).toMatchObject({
        method: 'PUT',
        data: { nickname: '阿花' },
        header: { Authorization: 'Bearer token-1' },
      });
      expect(page.text('#username')).toBe('阿花');
      expect(fake.toasts).toEqual([{ title: '昵称已保存', icon: 'success' }]);
    });

    it('keeps the old nickname when WeChat refuses the new one', async () => {
      start({ token: 'token-1' });
      await page.settle();
      await page.input('#nickname', 'bad words');
      await page.fire('#nickname', 'nicknamereview', { pass: false, timeout: false });
      await page.settle();
      expect(me).toHaveBeenCalledTimes(1);
      expect(page.instance.data.nickname).toBe('小明');
      expect(fake.toasts).toEqual([
        { title: '这个昵称未通过微信的安全检查，请换一个', icon: 'none' },
      ]);
    });

    it('saves on blur where WeChat has no review event', async () => {
      start({ token: 'token-1', hasNicknameReview: false });
      await page.settle();
      me.mockImplementation((call) => (call.method === 'PUT' ? saved('阿花') : ok(meData())));
      await page.fire('#nickname', 'blur', { value: '阿花' });
      await page.settle();
      expect(me.mock.calls[1]![0]).toMatchObject({ method: 'PUT', data: { nickname: '阿花' } });
    });

    it("shows the server's refusal of a nickname without its field name", async () => {
      start({ token: 'token-1' });
      await page.settle();
      me.mockImplementation((call) =>
        call.method === 'PUT' ? refused(400, 'nickname 不能超过 32 个字符') : ok(meData()),
      );
      await page.input('#nickname', '很长的名字很长的名字很长的名字很长的名字很长');
      await page.fire('#nickname', 'nicknamereview', { pass: true, timeout: false });
      await page.settle();
      expect(fake.toasts).toEqual([{ title: '昵称不能超过 32 个字符', icon: 'none' }]);
    });

    it('asks for privacy consent before the avatar picker, with its own sheet', async () => {
      start({ token: 'token-1', privacy: 'ask' });
      await page.settle();
      const gate = fake.privacyGate('button.chooseAvatar');
      await page.flush();
      expect(page.has('#privacy-agree')).toBe(true);
      await page.fire('#privacy-agree', 'agreeprivacyauthorization');
      expect(await gate).toBeUndefined();
      await page.fire('#choose-avatar', 'chooseavatar', { avatarUrl: 'wxfile://tmp/a.png' });
      await page.settle();
      expect(upload).toHaveBeenCalledTimes(1);
    });

    it('says why the picker did nothing when the user declined privacy', async () => {
      start({ token: 'token-1', privacy: 'ask' });
      await page.settle();
      const gate = fake.privacyGate('button.chooseAvatar');
      await page.flush();
      await page.tap('#privacy-disagree');
      await page.fire('#choose-avatar', 'error', await gate);
      await page.settle();
      expect(upload).not.toHaveBeenCalled();
      expect(fake.toasts).toEqual([
        { title: '未同意隐私保护指引，暂时无法更换头像', icon: 'none' },
      ]);
    });
  });
});
