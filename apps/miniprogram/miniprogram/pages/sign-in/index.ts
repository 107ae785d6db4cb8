import type { AppOption } from '../../app-option';
import { PAGES, safeReturnTo, withReturnTo } from '../../routes';
import { CLIENT_MESSAGES } from '../../services/errors';
import { ensureLoginCode, prepareLoginCode, takeLoginCode } from '../../services/login-code';
import { hasSession } from '../../services/session';
import { signIn } from '../../services/sign-in';
import { getUserProfile } from '../../services/wechat';
import { showError, showMessage } from '../../utils/feedback';
import type { PrivacySheetData, PrivacySheetMethods } from '../../utils/privacy-sheet';
import { privacySheetData, privacySheetMethods } from '../../utils/privacy-sheet';

interface SignInData extends PrivacySheetData {
  /** A sign-in is in flight: the button shows a spinner and ignores taps. */
  busy: boolean;
  /** The user ticked "I have read and agree" (never ticked for them). */
  agreed: boolean;
}

interface SignInCustom extends PrivacySheetMethods {
  /** The feature the sign-in was opened for, with its query: where it returns. */
  returnTo: string;
  onAgreementChange(event: WechatMiniprogram.CheckboxGroupChange): void;
  onSignIn(): Promise<void>;
}

Page<SignInData, SignInCustom>({
  data: { busy: false, agreed: false, ...privacySheetData },
  returnTo: PAGES.home,
  ...privacySheetMethods,

  onLoad(query: Record<string, string | undefined>) {
    this.returnTo = safeReturnTo(query.returnTo);
  },

  onShow() {
    // Someone signed in earlier goes straight back (the feature renews an old token).
    if (hasSession()) {
      wx.redirectTo({ url: this.returnTo });
      return;
    }
    this.watchPrivacy();
    // wx.login before the profile call, so the profile is encrypted under this login's key.
    ensureLoginCode();
  },

  onHide() {
    this.leavePrivacy();
  },

  onUnload() {
    this.leavePrivacy();
  },

  onAgreementChange(event) {
    this.setData({ agreed: event.detail.value.includes('agreed') });
  },

  async onSignIn() {
    if (this.data.busy) return;
    if (!this.data.agreed) {
      showMessage(CLIENT_MESSAGES.agreementRequired);
      return;
    }
    // Both before any await: WeChat accepts getUserProfile only straight from a tap, and the
    // login (prepared on show, else started here) must come before it.
    const code = takeLoginCode();
    const profile = getUserProfile();
    this.setData({ busy: true });
    try {
      const data = await signIn({ code, profile });
      if (data.bound) {
        wx.redirectTo({ url: this.returnTo });
      } else {
        getApp<AppOption>().globalData.identity = data;
        wx.redirectTo({ url: withReturnTo(PAGES.bindPhone, this.returnTo) });
      }
    } catch (error) {
      showError(error);
      // Every code works once: have the next one ready for another tap.
      prepareLoginCode();
    } finally {
      this.setData({ busy: false });
    }
  },
});
