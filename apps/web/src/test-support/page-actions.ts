import type { Page } from 'playwright-core';

type Label = 'WeChat' | 'DingTalk' | 'WeCom';

/**
 * What a person does on the page, in the words a screen reader would use: fields by their label,
 * buttons by their accessible name, messages by their role.
 */

/** The operators' way in: the secondary "Sign in with a token" link, then the token form. */
export async function signIn(page: Page, token: string): Promise<void> {
  const field = page.getByLabel('Personal access token');
  if (!(await field.isVisible())) {
    await page.getByRole('button', { name: 'Sign in with a token' }).click();
  }
  await field.fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The text of the status region (progress and outcomes) once it reads `expected`. */
export async function waitForStatus(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: expected }).waitFor();
}

export async function waitForAlert(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByRole('alert').filter({ hasText: expected }).waitFor();
}

/** The row of one provider in the list of sign-in methods. */
export const providerRow = (page: Page, label: Label) =>
  page.getByRole('listitem', { name: label });

/** Waits until the list shows the provider's row reading `expected`. */
export async function waitForRow(
  page: Page,
  label: Label,
  expected: string | RegExp,
): Promise<void> {
  await providerRow(page, label).filter({ hasText: expected }).waitFor();
}

/** Presses "Bind <label>" and waits for the provider's consent page. */
export async function openConsentPage(page: Page, label: Label, sandboxUrl: string): Promise<void> {
  await page.getByRole('button', { name: `Bind ${label}` }).click();
  await page.waitForURL((url) => url.toString().startsWith(sandboxUrl));
  await page.getByRole('button', { name: 'Refuse' }).waitFor();
}

/** Unbinds through the confirmation dialog. */
export async function unbind(page: Page, label: Label): Promise<void> {
  await page.getByRole('button', { name: `Unbind ${label}` }).click();
  await page
    .getByRole('dialog', { name: `Unbind ${label}?` })
    .getByRole('button', { name: 'Unbind' })
    .click();
}

/** Mobile and SMS code: asks for the code, reads it off the SMS gateway, signs in. */
export async function signInWithSms(
  page: Page,
  mobile: string,
  codeFor: (mobile: string) => string,
): Promise<void> {
  await page.getByLabel('Mobile number').fill(mobile);
  await page.getByRole('button', { name: 'Send code' }).click();
  await waitForStatus(page, `A code was sent to ${mobile}.`);
  await page.getByLabel('SMS code').fill(codeFor(mobile));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
