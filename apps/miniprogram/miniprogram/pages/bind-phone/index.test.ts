import type { AppOption } from '../../app-option';
import type { FakeWx, FakeWxOptions, RequestCall, RequestOutcome } from '../../../test/fake-wx';
import { createFakeWx, DEFAULT_APP_ID, ok, refused } from '../../../test/fake-wx';
import { appModule, launchMiniProgram } from '../../../test/mini-program-globals';
import type * as ConfigModule from '../../config';
import type { RenderedPage } from '../../../test/render-page';
import { renderPage } from '../../../test/render-page';
import type { Reply } from '../../../test/scripted-server';
import { deferred, identityData, scriptedServer, sessionData } from '../../../test/scripted-server';

const ROUTE = 'pages/bind-phone/index';
const SESSION_KEY = 'wechat-bind:session';
const RETURN_TO = '/pages/profile/index?tab=name';

describe('bind-phone page', () => {
  let fake: FakeWx;
  let app: AppOption;
  let page: RenderedPage;
  let sendCode: jest.Mock<Reply, [RequestCall]>;
  let bind: jest.Mock<Reply, [RequestCall]>;

  function start(
    options: FakeWxOptions & {
      identity?: boolean;
      configure?: (config: ConfigModule.AppConfig) => void;
    } = {},
  ) {
    fake = createFakeWx({
      ...scriptedServer({
        '/accounts/send_verify_code': (call) => sendCode(call),
        '/accounts/wxa_bind_mobile': (call) => bind(call),
      }),
      ...options,
    });
    app = launchMiniProgram(fake.wx);
    options.configure?.(appModule<typeof ConfigModule>('config').config);
    if (options.identity !== false) {
      app.globalData.identity = identityData({
        nickname: '小红',
      }) as AppOption['globalData']['identity'];
    }
    page = renderPage(ROUTE, { returnTo: encodeURIComponent(RETURN_TO) });
  }

  async function fillIn(mobile: string, code?: string) {
    await page.input('#mobile', mobile);
    if (code !== undefined) await page.input('#verify-code', code);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    sendCode = jest.fn<Reply, [RequestCall]>(() => ok({ expires_in: 300, resend_after: 60 }));
    bind = jest.fn<Reply, [RequestCall]>(() => ok(sessionData({ mobile: '13900139000' })));
  });
  afterEach(() => {
    page.unmount();
    jest.useRealTimers();
  });

  it("renders the user's nickname, both ways to bind, and an enabled send button", () => {
    start();
    expect(page.text('.nickname')).toBe('小红');
    expect(page.text('#phone-number')).toBe('微信手机号一键绑定');
    expect(page.text('#send-code')).toBe('获取验证码');
    expect(page.button('#send-code')).toEqual({ disabled: false, loading: false });
    expect(page.button('#bind')).toEqual({ disabled: false, loading: false });
    expect(page.text('#mobile-error')).toBe('');
    // Phone binding is required by default: there is no way around it.
    expect(page.has('#skip')).toBe(false);
  });

  it('goes back to sign-in when opened without a signed-in identity, keeping where to return', () => {
    start({ identity: false });
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: `/pages/sign-in/index?returnTo=${encodeURIComponent(RETURN_TO)}` },
    ]);
  });

  it('offers "暂不绑定" where the product allows it, which goes home', async () => {
    start({ configure: (config) => (config.phoneBinding = 'optional') });
    expect(page.text('#skip')).toBe('暂不绑定');
    await page.tap('#skip');
    await page.settle();
    expect(fake.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/home/index' }]);
    expect(app.globalData.identity).toBeUndefined();
    expect(bind).not.toHaveBeenCalled();
  });

  it('binds by SMS only when the phone-number button is turned off', () => {
    start({ configure: (config) => (config.phoneNumberButton = false) });
    expect(page.has('#phone-number')).toBe(false);
    expect(page.has('#send-code')).toBe(true);
  });

  it('refuses a malformed mobile before calling the server, and clears the error on input', async () => {
    start();
    await fillIn('1380013800');
    await page.tap('#send-code');
    await page.settle();
    expect(page.text('#mobile-error')).toBe('请输入正确的手机号');
    expect(sendCode).not.toHaveBeenCalled();
    await page.input('#mobile', '13800138000');
    expect(page.text('#mobile-error')).toBe('');
  });

  it('sends a code, then counts 60 seconds down before allowing another', async () => {
    start();
    const reply = deferred<RequestOutcome>();
    sendCode.mockImplementation(() => reply.promise);
    await fillIn('13800138000');
    await page.tap('#send-code');
    expect(page.button('#send-code')).toEqual({ disabled: true, loading: true });

    reply.resolve(ok({ expires_in: 300, resend_after: 60 }));
    await page.settle();
    expect(sendCode.mock.calls[0]![0].data).toEqual({
      auth_app_id: DEFAULT_APP_ID,
      openid: 'o-openid-1',
      session_token: 'session-token-1',
      mobile: '13800138000',
    });
    expect(fake.toasts).toEqual([{ title: '验证码已发送', icon: 'success' }]);
    expect(page.text('#send-code')).toBe('60 秒后重发');
    expect(page.button('#send-code')).toEqual({ disabled: true, loading: false });

    jest.advanceTimersByTime(1000);
    expect(page.text('#send-code')).toBe('59 秒后重发');
    // A tap during the countdown sends nothing.
    await page.tap('#send-code');
    await page.settle();
    expect(sendCode).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(58_000);
    expect(page.text('#send-code')).toBe('1 秒后重发');
    jest.advanceTimersByTime(1000);
    expect(page.text('#send-code')).toBe('获取验证码');
    expect(page.button('#send-code')).toEqual({ disabled: false, loading: false });
    expect(jest.getTimerCount()).toBe(0);

    await page.tap('#send-code');
    await page.settle();
    expect(sendCode).toHaveBeenCalledTimes(2);
  });

  it("counts down the server's resend_after, whatever it is", async () => {
    start();
    sendCode.mockImplementation(() => ok({ expires_in: 300, resend_after: 90 }));
    await fillIn('13800138000');
    await page.tap('#send-code');
    await page.settle();
    expect(page.text('#send-code')).toBe('90 秒后重发');
  });

  it('shows a rate limit in a toast and counts down its Retry-After', async () => {
    start();
    sendCode.mockImplementation(() =>
      refused(429, '验证码发送过于频繁，请 45 秒后再试', { 'Retry-After': '45' }),
    );
    await fillIn('13800138000');
    await page.tap('#send-code');
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '验证码发送过于频繁，请 45 秒后再试', icon: 'none' }]);
    expect(page.text('#send-code')).toBe('45 秒后重发');
    jest.advanceTimersByTime(45_000);
    expect(page.text('#send-code')).toBe('获取验证码');
  });

  it('shows a failed SMS and lets the user try again at once', async () => {
    start();
    sendCode.mockImplementationOnce(() => refused(502, '短信发送失败，请稍后重试'));
    await fillIn('13800138000');
    await page.tap('#send-code');
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '短信发送失败，请稍后重试', icon: 'none' }]);
    expect(page.button('#send-code')).toEqual({ disabled: false, loading: false });
    await page.tap('#send-code');
    await page.settle();
    expect(sendCode).toHaveBeenCalledTimes(2);
  });

  it('asks for six digits before binding', async () => {
    start();
    await fillIn('13800138000', '12345');
    await page.tap('#bind');
    await page.settle();
    expect(page.text('#code-error')).toBe('请输入 6 位验证码');
    expect(bind).not.toHaveBeenCalled();
  });

  it('binds with the code, stores the session and opens the profile', async () => {
    start();
    const reply = deferred<RequestOutcome>();
    bind.mockImplementation(() => reply.promise);
    await fillIn('13900139000', '123456');
    await page.tap('#bind');
    expect(page.button('#bind')).toEqual({ disabled: true, loading: true });
    expect(page.text('#bind')).toBe('绑定中…');
    expect(page.button('#phone-number')).toEqual({ disabled: true, loading: true });
    // A second tap while the first bind is in flight sends nothing.
    await page.tap('#bind');

    reply.resolve(ok(sessionData({ mobile: '13900139000' })));
    await page.settle();
    expect(bind).toHaveBeenCalledTimes(1);
    expect(bind.mock.calls[0]![0].data).toEqual({
      auth_app_id: DEFAULT_APP_ID,
      openid: 'o-openid-1',
      session_token: 'session-token-1',
      mobile: '13900139000',
      verify_code: '123456',
    });
    expect(fake.storage.get(SESSION_KEY)).toMatchObject({ token: 'token-1', uid: '42' });
    expect(app.globalData.identity).toBeUndefined();
    // Back to the feature the sign-in was for, query and all.
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: RETURN_TO }]);
  });

  it("shows the server's refusal (该手机号已绑定) and stays on the page", async () => {
    start();
    bind.mockImplementation(() => refused(400, '该手机号已绑定'));
    await fillIn('13900139000', '123456');
    await page.tap('#bind');
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '该手机号已绑定', icon: 'none' }]);
    expect(fake.navigations).toEqual([]);
    expect(fake.storage.has(SESSION_KEY)).toBe(false);
    expect(page.button('#bind')).toEqual({ disabled: false, loading: false });
  });

  it('binds with the phone-number button’s code', async () => {
    start();
    await page.fire('#phone-number', 'getphonenumber', {
      code: 'phone-code-1',
      errMsg: 'getPhoneNumber:ok',
    });
    await page.settle();
    expect(bind.mock.calls[0]![0].data).toEqual({
      auth_app_id: DEFAULT_APP_ID,
      openid: 'o-openid-1',
      session_token: 'session-token-1',
      phone_code: 'phone-code-1',
    });
    expect(fake.navigations).toEqual([{ kind: 'redirectTo', url: RETURN_TO }]);
  });

  describe("the phone-number button's failures, each in its own words", () => {
    it.each([
      [
        'the user denied',
        { errMsg: 'getPhoneNumber:fail user deny' },
        '未获取到手机号，可改用验证码绑定',
        true,
      ],
      [
        'errno 1400001: the quota is used up',
        { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 },
        '微信手机号快捷绑定今日已达上限，请用验证码绑定',
        false,
      ],
      [
        'no permission (a personal account)',
        { errMsg: 'getPhoneNumber:fail no permission' },
        '本小程序暂不支持微信手机号快捷绑定，请用验证码绑定',
        false,
      ],
      [
        'errno 112: the phone number is not declared in the privacy guide',
        {
          errMsg: 'getPhoneNumber:fail api scope is not declared in the privacy agreement',
          errno: 112,
        },
        '微信手机号暂时无法使用，请用验证码绑定',
        false,
      ],
    ])('%s', async (_name, detail, message, buttonStays) => {
      start();
      await page.fire('#phone-number', 'getphonenumber', detail);
      await page.settle();
      expect(bind).not.toHaveBeenCalled();
      expect(fake.toasts).toEqual([{ title: message, icon: 'none' }]);
      // A button that will fail again is taken away; the SMS form stays.
      expect(page.has('#phone-number')).toBe(buttonStays);
      expect(page.has('#send-code')).toBe(true);
    });
  });

  describe('privacy', () => {
    it('asks with its own sheet before the phone-number button, then binds', async () => {
      start({ privacy: 'ask' });
      const gate = fake.privacyGate('button.getPhoneNumber');
      await page.flush();
      expect(page.has('#privacy-agree')).toBe(true);
      await page.fire('#privacy-agree', 'agreeprivacyauthorization');
      expect(await gate).toBeUndefined();
      expect(fake.privacyAgreed()).toBe(true);
      await page.fire('#phone-number', 'getphonenumber', {
        code: 'phone-code-1',
        errMsg: 'getPhoneNumber:ok',
      });
      await page.settle();
      expect(bind).toHaveBeenCalledTimes(1);
    });

    it('declined: says so, and the SMS code still works', async () => {
      start({ privacy: 'ask' });
      const gate = fake.privacyGate('button.getPhoneNumber');
      await page.flush();
      await page.tap('#privacy-disagree');
      const failure = await gate;
      expect(failure).toMatchObject({
        errMsg: 'getPhoneNumber:fail privacy permission is not authorized',
      });
      await page.fire('#phone-number', 'getphonenumber', failure);
      await page.settle();
      expect(fake.toasts).toEqual([
        { title: '未同意隐私保护指引，可改用验证码绑定', icon: 'none' },
      ]);
      expect(page.has('#phone-number')).toBe(true);
      expect(bind).not.toHaveBeenCalled();
    });
  });

  it('returns to sign-in when the sign-in session has lapsed (401)', async () => {
    start();
    bind.mockImplementation(() => refused(401, '请先授权登录'));
    await fillIn('13900139000', '123456');
    await page.tap('#bind');
    await page.settle();
    expect(fake.toasts).toEqual([{ title: '登录已超时，请重新登录', icon: 'none' }]);
    expect(fake.navigations).toEqual([
      { kind: 'redirectTo', url: `/pages/sign-in/index?returnTo=${encodeURIComponent(RETURN_TO)}` },
    ]);
    expect(app.globalData.identity).toBeUndefined();
  });

  it('stops the countdown when the page is closed', async () => {
    start();
    await fillIn('13800138000');
    await page.tap('#send-code');
    await page.settle();
    expect(jest.getTimerCount()).toBe(1);
    page.unmount();
    expect(jest.getTimerCount()).toBe(0);
    page = renderPage(ROUTE, { returnTo: encodeURIComponent(RETURN_TO) });
  });
});
