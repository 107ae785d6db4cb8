import type { FakeWx } from '../../../test/fake-wx';
import { createFakeWx } from '../../../test/fake-wx';
import { launchMiniProgram } from '../../../test/mini-program-globals';
import type { RenderedPage } from '../../../test/render-page';
import { renderPage } from '../../../test/render-page';

const ROUTE = 'pages/home/index';
const SESSION_KEY = 'wechat-bind:session';

describe('home page', () => {
  let fake: FakeWx;
  let page: RenderedPage;

  afterEach(() => page.unmount());

  it('opens without signing in, calling neither WeChat nor the server', async () => {
    fake = createFakeWx();
    launchMiniProgram(fake.wx);
    page = renderPage(ROUTE);
    await page.settle();
    expect(page.text('#open-account')).toBe('登录 / 注册');
    expect(fake.wechatCalls).toEqual([]);
    expect(fake.requests).toEqual([]);
    expect(fake.navigations).toEqual([]);
  });

  it('opens the account, which asks for a sign-in only if it needs one', async () => {
    fake = createFakeWx();
    fake.wx.setStorageSync(SESSION_KEY, {
      token: 't',
      uid: '1',
      openid: 'o',
      expiresAt: Date.now() + 60 * 60 * 1000,
    });
    launchMiniProgram(fake.wx);
    page = renderPage(ROUTE);
    expect(page.text('#open-account')).toBe('我的账号');
    await page.tap('#open-account');
    expect(fake.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/profile/index' }]);
  });
});
