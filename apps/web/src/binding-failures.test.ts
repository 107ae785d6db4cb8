import type { Page } from 'playwright-core';
import type { BrowserKit } from './test-support/browser-kit';
import { startBrowserKit } from './test-support/browser-kit';
import {
  openConsentPage,
  signIn,
  waitForAlert,
  waitForRow,
  waitForStatus,
} from './test-support/page-actions';
import { stateKey } from '@wechat-bind/server/testing';

// What the page says when a binding does not go through: in a real browser, against the server
// and the sandbox's consent pages.
describe('account settings page: failures in a real browser', () => {
  let kit: BrowserKit;
  beforeAll(async () => {
    kit = await startBrowserKit();
  });
  afterAll(() => kit?.close());

  /** POSTs of a code to the API, counted from the moment of the call. */
  function countCompletions(page: Page): () => number {
    let count = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/oauth-binding')) count += 1;
    });
    return () => count;
  }

  it('says so when the user refuses on the WeChat page, and binds nothing', async () => {
    const admin = await kit.newAdmin();
    await kit.newWechatUser();
    const page = await kit.newPage();
    const completions = countCompletions(page);
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: 'Refuse' }).click();

    await waitForStatus(page, 'WeChat was not bound: the request was declined on the WeChat page.');
    await waitForRow(page, 'WeChat', 'Not bound');
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    expect(completions()).toBe(0);
    expect(await kit.bindings(admin.token)).toEqual([]);
    await kit.screenshot(page, '10-wechat-refused');
    await page.close();
  });

  it('says so when the user refuses on the DingTalk page (error=access_denied)', async () => {
    const admin = await kit.newAdmin();
    await kit.newDingtalkUser();
    const page = await kit.newPage();
    const completions = countCompletions(page);
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await openConsentPage(page, 'DingTalk', kit.sandboxUrl);
    await page.getByRole('button', { name: 'Refuse' }).click();

    await waitForStatus(
      page,
      'DingTalk was not bound: the request was declined on the DingTalk page.',
    );
    await waitForRow(page, 'DingTalk', 'Not bound');
    expect(completions()).toBe(0);
    await page.close();
  });

  it('explains an expired state and binds on the next try', async () => {
    const admin = await kit.newAdmin();
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);

    // The user lingers on the consent page past the state's ten minutes: Redis lets it expire.
    const state = new URL(page.url()).searchParams.get('state')!;
    const key = stateKey({ userId: admin.userId, type: 'WECHAT' }, state);
    expect(await kit.context.redis.pexpire(key, 1)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();

    await waitForAlert(
      page,
      'This binding attempt has expired or was already used. Press “Bind WeChat” to start again.',
    );
    await waitForAlert(page, 'Server said: state 无效或已过期，请重新发起绑定 (HTTP 403)');
    await waitForRow(page, 'WeChat', 'Not bound');
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    await kit.screenshot(page, '11-state-expired');

    // Starting again works.
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForStatus(page, 'WeChat is now bound to your account.');
    expect(await page.getByRole('alert').textContent()).toBe('');
    await page.close();
  });

  it('sends a revoked token back to sign in, and finishes the binding after signing in again', async () => {
    const admin = await kit.newAdmin();
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);

    // Revoked while the user is on WeChat's page.
    await kit.revoke(admin);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();

    await waitForAlert(
      page,
      'Your access token was not accepted: it may be mistyped, revoked or expired.',
    );
    await page.getByText('Sign in to finish binding WeChat.').waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    // The code is held by the page only, not left in the address.
    expect(page.url()).toBe(`${kit.baseUrl}/#/account/settings`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await kit.screenshot(page, '12-token-revoked');

    // The state is the user's, not the token's: a new token of the same user finishes the binding.
    await signIn(page, await kit.newToken(admin));
    await waitForStatus(page, 'WeChat is now bound to your account.');
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);
    await page.close();
  });

  it('ends the session when the token is revoked between two visits', async () => {
    const admin = await kit.newAdmin();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, admin.token);
    await waitForRow(page, 'WeChat', 'Not bound');
    await kit.revoke(admin);
    await page.reload();
    await waitForAlert(page, 'Your access token was not accepted');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('refuses a wrong token at sign-in, and points out a paste that is not a token at all', async () => {
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, 'my password');
    const field = page.getByLabel('Personal access token');
    await page.getByText('That does not look like a personal access token').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.evaluate((input) => input.getAttribute('aria-describedby'))).toContain(
      'token-problem',
    );

    await signIn(page, `999999|${'x'.repeat(40)}`);
    await waitForAlert(page, 'Your access token was not accepted');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await kit.screenshot(page, '13-sign-in-refused');
    await page.close();
  });

  it('explains an account that is already bound to another user', async () => {
    const [first, second] = [await kit.newAdmin(), await kit.newAdmin()];
    const nickname = await kit.newWechatUser();
    const page = await kit.newPage();
    await page.goto(`${kit.baseUrl}/`);
    await signIn(page, first.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForRow(page, 'WeChat', `Bound to “${nickname}”`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, second.token);
    await openConsentPage(page, 'WeChat', kit.sandboxUrl);
    await page.getByRole('button', { name: `Allow as ${nickname}` }).click();
    await waitForAlert(page, 'This WeChat account is already bound to another user.');
    await waitForRow(page, 'WeChat', 'Not bound');
    await kit.screenshot(page, '14-bound-to-another-user');
    await page.close();
  });
});
