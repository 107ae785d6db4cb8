import type { Page } from 'playwright-core';
import type { BrowserKit } from './test-support/browser-kit';
import { startBrowserKit } from './test-support/browser-kit';
import {
  openConsentPage,
  signIn,
  signInWithSms,
  waitForAlert,
  waitForRow,
  waitForStatus,
} from './test-support/page-actions';

/** The browser asks for Chinese first, as most of the page's people's browsers do. */
async function preferChinese(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['zh-CN', 'zh', 'en'] });
  });
}

// Signing in without a token, in a real browser: SMS codes through the server's SMS gateway,
// WeChat through the sandbox's consent page, and what the page says when either fails.
describe('account settings page: signing in', () => {
  let kit: BrowserKit;
  beforeAll(async () => {
    kit = await startBrowserKit();
  });
  afterAll(() => kit?.close());
  // One browser profile for the file: each test starts signed out, as a new visitor.
  beforeEach(() => kit.browser.clearCookies());

  it('speaks Chinese unless the browser asks for English first', async () => {
    const page = await kit.newPage();
    await preferChinese(page);
    await page.goto(`${kit.baseUrl}/`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    for (const name of ['获取验证码', '使用微信登录', '使用钉钉登录', '使用令牌登录']) {
      await page.getByRole('button', { name }).waitFor();
    }
    await kit.screenshotWidths(page, '30-signed-out-zh');
    await page.close();

    const english = await kit.newPage();
    await english.goto(`${kit.baseUrl}/`);
    await english.getByRole('button', { name: 'Send code' }).waitFor();
    expect(await english.evaluate(() => document.documentElement.lang)).toBe('en');
    await kit.screenshotWidths(english, '31-signed-out-en');
    await english.close();
  });

  it('signs in with a mobile number and an SMS code, names the user, and signs out', async () => {
    const user = await kit.newUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signInWithSms(page, user.mobile, kit.sms.codeFor);
    await page.getByText(`Signed in as ${user.name}`).waitFor();
    await waitForRow(page, 'WeChat', 'Not bound');
    await kit.screenshotWidths(page, '32-sms-signed-in');

    // The session is an httpOnly, Lax cookie on the API prefix, which the page's script never sees.
    const cookies = await kit.browser.cookies(kit.baseUrl + '/api/administrator/');
    const session = cookies.find((cookie) => cookie.name === 'wb_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/administrator' });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // Binding works with the session (and its CSRF token) as with a token.
    const nickname = await kit.newWechatUser();
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForStatus(page, 'WeChat is now bound to your account.');
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);
    // A reload keeps the session.
    await page.reload();
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForStatus(page, 'Signed out.');
    await page.reload();
    await page.getByRole('button', { name: 'Send code' }).waitFor();
    await page.close();
  });

  it('signs in with a bound WeChat account, and warns before unbinding the last way in', async () => {
    const admin = await kit.newAdmin();
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    // An operator's token binds WeChat to a user who has no mobile.
    await signIn(page, admin.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForStatus(page, 'Signed out: this tab no longer holds your token.');

    await page.getByRole('button', { name: 'Sign in with WeChat' }).click();
    await page.waitForURL((url) => url.toString().startsWith(kit.sandboxUrl));
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);
    await page.getByText(/^Signed in as web-admin-/).waitFor();
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    await kit.screenshotWidths(page, '33-wechat-signed-in');

    // Unbind is a neutral button; the red one is the dialog's confirmation.
    const color = (name: string) =>
      page
        .getByRole('button', { name, exact: true })
        .evaluate((button) => getComputedStyle(button).backgroundColor);
    expect(await color('Unbind WeChat')).toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: 'Unbind WeChat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unbind WeChat?' });
    await dialog.getByText('WeChat is your last way to sign in').waitFor();
    expect(await color('Unbind')).toBe('rgb(179, 38, 30)');
    await kit.screenshotWidths(page, '34-last-way-warning');
    await dialog.getByRole('button', { name: 'Unbind' }).click();
    await waitForRow(page, 'WeChat', 'Not bound');
    await page.close();
  });

  it('says why a sign-in failed: a wrong code, a WeChat account bound to nobody', async () => {
    const user = await kit.newUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await page.getByLabel('Mobile number').fill(user.mobile);
    await page.getByRole('button', { name: 'Send code' }).click();
    await waitForStatus(page, `A code was sent to ${user.mobile}.`);
    const right = kit.sms.codeFor(user.mobile);
    await page.getByLabel('SMS code').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForAlert(page, 'That code is not right.');
    await kit.screenshotWidths(page, '35-wrong-code');

    await page.getByLabel('Mobile number').fill('12345');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Enter a mainland China mobile number').waitFor();

    const stranger = await kit.newWechatUser();
    await page.getByRole('button', { name: 'Sign in with WeChat' }).click();
    await page.waitForURL((url) => url.toString().startsWith(kit.sandboxUrl));
    await page.getByRole('button', { name: `Allow as ${stranger}` }).click();
    await waitForAlert(page, 'This WeChat account is not bound to any user.');
    await page.getByRole('button', { name: 'Send code' }).waitFor();
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    await kit.screenshotWidths(page, '36-wechat-unbound-account');
    await page.close();
  });
});

describe('account settings page: a server without WeCom', () => {
  let kit: BrowserKit;
  beforeAll(async () => {
    kit = await startBrowserKit({ withoutWecom: true });
  });
  afterAll(() => kit?.close());

  it('does not offer WeCom', async () => {
    const user = await kit.newUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signInWithSms(page, user.mobile, kit.sms.codeFor);
    await waitForRow(page, 'DingTalk', 'Not bound');
    expect(await page.getByRole('listitem').allTextContents()).toHaveLength(2);
    expect(await page.getByRole('button', { name: 'Bind WeCom' }).count()).toBe(0);
    expect(
      await page
        .getByRole('button')
        .evaluateAll((buttons) => buttons.map((button) => button.textContent)),
    ).toEqual(['Sign out', 'Bind WeChat', 'Bind DingTalk']);
    await kit.screenshotWidths(page, '37-without-wecom');
    await page.close();
  });
});
