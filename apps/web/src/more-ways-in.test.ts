import type { BrowserKit } from './test-support/browser-kit';
import { startBrowserKit } from './test-support/browser-kit';
import {
  openConsentPage,
  signIn,
  unbind,
  waitForRow,
  waitForStatus,
} from './test-support/page-actions';

// WeChat from inside WeChat (the official account's web authorisation) and WeCom, in a real
// browser through the sandbox's pages.
describe('account settings page: WeChat inside WeChat, and WeCom', () => {
  let kit: BrowserKit;
  beforeAll(async () => {
    kit = await startBrowserKit();
  });
  afterAll(() => kit?.close());

  it('binds WeChat with the official account`s authorisation when opened inside WeChat', async () => {
    const admin = await kit.newAdmin();
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    await kit.insideWechat(page);
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await waitForRow(page, 'WeChat', 'Not bound');

    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    // Not the QR-code page: WeChat's web authorisation, which works on the phone itself.
    expect(new URL(page.url()).pathname).toBe('/connect/oauth2/authorize');
    expect(new URL(page.url()).searchParams.get('scope')).toBe('snsapi_userinfo');
    await kit.screenshot(page, '21-inside-wechat-consent-page');
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();

    await waitForStatus(page, 'WeChat is now bound to your account.');
    await waitForRow(page, 'WeChat', `Bound to “${nickname}” since`);
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    // One WeChat binding, however it was made.
    expect(await kit.bindings(admin.token)).toEqual([{ type: 'WECHAT', nickname }]);
    await kit.screenshot(page, '22-inside-wechat-bound');

    await unbind(page, 'WeChat');
    await waitForRow(page, 'WeChat', 'Not bound');
    expect(await kit.bindings(admin.token)).toEqual([]);
  });

  it('offers the QR code, not the web authorisation, outside WeChat', async () => {
    const admin = await kit.newAdmin();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    expect(new URL(page.url()).pathname).toBe('/connect/qrconnect');
  });

  it('binds WeCom through its web-login page, and unbinds it', async () => {
    const admin = await kit.newAdmin();
    const name = await kit.newWecomUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await waitForRow(page, 'WeCom', 'Not bound');
    await kit.screenshot(page, '23-wecom-offered');

    await openConsentPage(page, 'WeCom', kit.sandboxUrl);
    expect(new URL(page.url()).pathname).toBe('/wwlogin/sso/login');
    await page.getByRole('button', { name: `Allow as ${name}` }).click();

    await waitForStatus(page, 'WeCom is now bound to your account.');
    await waitForRow(page, 'WeCom', 'Bound since');
    expect(await kit.bindings(admin.token)).toEqual([{ type: 'WECOM', nickname: null }]);
    await kit.screenshot(page, '24-wecom-bound');

    await unbind(page, 'WeCom');
    await waitForStatus(page, 'WeCom is unbound from your account.');
    await waitForRow(page, 'WeCom', 'Not bound');
  });
});
