import type { Request } from 'playwright-core';
import type { BrowserKit } from './test-support/browser-kit';
import { startBrowserKit } from './test-support/browser-kit';
import {
  openConsentPage,
  signIn,
  unbind,
  waitForRow,
  waitForStatus,
} from './test-support/page-actions';

// A real browser binding and unbinding both providers through the sandbox's consent pages.
describe('account settings page: bind and unbind in a real browser', () => {
  let kit: BrowserKit;
  beforeAll(async () => {
    kit = await startBrowserKit();
  });
  afterAll(() => kit?.close());

  it('binds WeChat through the consent page and unbinds it, keeping the token to the Authorization header', async () => {
    const admin = await kit.newAdmin();
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));

    await page.goto(`${kit.baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await kit.screenshot(page, '01-signed-out');

    // Before signing in, the page asks only what this server offers and whether a session exists.
    const signedOut = requests.length;
    await signIn(page, admin.token);
    await waitForRow(page, 'WeChat', 'Not bound');
    await waitForRow(page, 'DingTalk', 'Not bound');
    await kit.screenshot(page, '02-nothing-bound');

    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    expect(new URL(page.url()).pathname).toBe('/connect/qrconnect');
    await kit.screenshot(page, '03-wechat-consent-page');
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();

    await waitForStatus(page, 'WeChat is now bound to your account.');
    await waitForRow(page, 'WeChat', `Bound to “${nickname}” since`);
    await waitForRow(page, 'DingTalk', 'Not bound');
    // The single-use code and state are gone from the address (and so from the history).
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    expect(await kit.bindings(admin.token)).toEqual([{ type: 'WECHAT', nickname }]);
    await kit.screenshot(page, '04-wechat-bound');

    // A reload sends nothing again: still bound, no message.
    const posts = () =>
      requests.filter((request) => request.method() === 'POST' && request.url().includes('/api/'));
    expect(posts()).toHaveLength(1);
    await page.reload();
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);
    expect(posts()).toHaveLength(1);
    expect(await page.getByRole('status').textContent()).toBe('');

    // Unbinding asks first; Cancel (which has the focus) changes nothing.
    await page.getByRole('button', { name: 'Unbind WeChat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unbind WeChat?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`“${nickname}”`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await kit.screenshot(page, '05-wechat-unbind-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await kit.bindings(admin.token)).toHaveLength(1);

    await unbind(page, 'WeChat');
    await waitForStatus(page, 'WeChat is unbound from your account.');
    await waitForRow(page, 'WeChat', 'Not bound');
    expect(await kit.bindings(admin.token)).toEqual([]);
    await kit.screenshot(page, '06-wechat-unbound');

    // The token went to this server's API in the Authorization header, and nowhere else.
    const secret = admin.token.split('|')[1]!;
    for (const request of requests.slice(0, signedOut)) {
      expect(await request.headerValue('authorization')).toBeNull();
    }
    const api = requests
      .slice(signedOut)
      .filter((request) => new URL(request.url()).pathname.startsWith('/api/'));
    expect(api.length).toBeGreaterThanOrEqual(6);
    for (const request of api) {
      expect(request.url().startsWith(kit.baseUrl)).toBe(true);
      expect(await request.headerValue('authorization')).toBe(`Bearer ${admin.token}`);
    }
    const elsewhere = requests.filter((request) => !request.url().startsWith(kit.baseUrl));
    // The sandbox's pages and the avatar hosts (this page shows the bound account's avatar).
    expect(elsewhere.some((request) => request.url().startsWith('https://example.com/'))).toBe(
      true,
    );
    for (const request of requests) expect(request.url()).not.toContain(secret);
    for (const request of elsewhere) {
      expect(await request.headerValue('authorization')).toBeNull();
      // No Referer from this page: its address carries the code and state on the way back.
      expect((await request.headerValue('referer')) ?? '').not.toContain(kit.baseUrl);
    }
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await kit.browser.cookies()).toEqual([]);
    await page.close();
  });

  it('binds DingTalk through its consent page (authCode) and unbinds it', async () => {
    const admin = await kit.newAdmin();
    const nick = await kit.newDingtalkUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await waitForRow(page, 'DingTalk', 'Not bound');

    await openConsentPage(page, 'DingTalk', kit.sandboxUrl);
    expect(new URL(page.url()).pathname).toBe('/oauth2/auth');
    await kit.screenshot(page, '07-dingtalk-consent-page');
    const posted = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/oauth-binding'),
    );
    await page.getByRole('button', { name: `Allow as ${nick}` }).click();
    // DingTalk's redirect carries authCode; the page sends it under that name.
    expect((await posted).postDataJSON()).toEqual({
      type: 'DING_TALK',
      authCode: expect.any(String),
      state: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    await waitForStatus(page, 'DingTalk is now bound to your account.');
    await waitForRow(page, 'DingTalk', `Bound to “${nick}” since`);
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    expect(await kit.bindings(admin.token)).toEqual([{ type: 'DING_TALK', nickname: nick }]);
    await kit.screenshot(page, '08-dingtalk-bound');

    await unbind(page, 'DingTalk');
    await waitForStatus(page, 'DingTalk is unbound from your account.');
    await waitForRow(page, 'DingTalk', 'Not bound');
    expect(await kit.bindings(admin.token)).toEqual([]);
    await page.close();
  });

  it('fits a phone: both providers bound, nothing wider than the screen, buttons large enough to tap', async () => {
    const admin = await kit.newAdmin();
    const [wechatNick, dingtalkNick] = [await kit.newWechatUser(), await kit.newDingtalkUser()];
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    for (const [label, nickname] of [
      ['WeChat', wechatNick],
      ['DingTalk', dingtalkNick],
    ] as const) {
      await openConsentPage(page, label, kit.sandboxUrl);
      await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
      await waitForRow(page, label, `Bound to “${nickname}”`);
    }
    await kit.screenshot(page, '09-both-bound');

    const measure = () =>
      page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        buttons: [...document.querySelectorAll('button')].map((button) => {
          const box = button.getBoundingClientRect();
          return { name: button.textContent, height: box.height, right: box.right };
        }),
      }));
    // A common phone, then the narrowest one still around.
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 640 });
      const layout = await measure();
      expect(layout.innerWidth).toBe(width);
      expect(layout.scrollWidth).toBeLessThanOrEqual(width);
      expect(layout.buttons.map((button) => button.name)).toEqual([
        'Sign out',
        'Unbind WeChat',
        'Unbind DingTalk',
        'Bind WeCom',
      ]);
      for (const button of layout.buttons) {
        expect(button.height).toBeGreaterThanOrEqual(44);
        expect(button.right).toBeLessThanOrEqual(width);
      }
    }

    // Signing out forgets the token in this tab.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForStatus(page, 'Signed out');
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });
});
