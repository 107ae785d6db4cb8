/**
 * The app's own privacy consent (WeChat's privacy rules since base library 2.32.3). When a call
 * or component that touches personal data (the profile calls, `chooseAvatar`, the nickname input,
 * the phone-number button) runs before the user has agreed, WeChat holds it and fires
 * `wx.onNeedPrivacyAuthorization`; the app shows its sheet and answers through `resolve`: agree
 * (naming the `<button open-type="agreePrivacyAuthorization">` the user tapped, which WeChat
 * checks) lets the call go on, disagree makes it fail with `privacy permission is not authorized`.
 */

export type PrivacyAnswer =
  { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };

type Resolve = (answer: PrivacyAnswer) => void;

/** The id of the sheet's agree button, which WeChat checks was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

/** What shows the sheet: the page on screen. */
export interface PrivacySheet {
  show(): void;
}

/** Held calls waiting for the user's answer (several may be held at once). */
let waiting: Resolve[] = [];

/**
 * Makes `sheet` the one that asks. WeChat keeps only the last listener, so every page that uses
 * personal data calls this when it shows.
 */
export function askForPrivacyOn(sheet: PrivacySheet): void {
  // Base libraries before 2.32.3 have no listener and show WeChat's own sheet.
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  const listen = wx.onNeedPrivacyAuthorization as unknown as (
    listener: (resolve: Resolve) => void,
  ) => void;
  listen((resolve) => {
    waiting.push(resolve);
    // Tells WeChat the app's sheet was shown, as its rules ask.
    resolve({ event: 'exposureAuthorization' });
    sheet.show();
  });
}

/** The user's answer, for every held call. */
export function answerPrivacy(agreed: boolean): void {
  const held = waiting;
  waiting = [];
  for (const resolve of held) {
    resolve(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' });
  }
}

/** Whether a call is held for an answer (a page leaving with the sheet open declines for it). */
export const isAskingForPrivacy = (): boolean => waiting.length > 0;
