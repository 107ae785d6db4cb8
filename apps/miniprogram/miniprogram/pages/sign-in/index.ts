import type { AppOption } from '../../app-option';
import { PAGES } from '../../routes';
import { ensureLoginCode, prepareLoginCode, takeLoginCode } from '../../services/login-code';
import { hasSession } from '../../services/session';
import { signIn } from '../../services/sign-in';
import { getUserProfile } from '../../services/wechat';
import { showError } from '../../utils/feedback';

interface SignInData {
  /** A sign-in is in flight: the button shows a spinner and ignores taps. */
  busy: boolean;
}

interface SignInCustom {
  onSignIn(): Promise<void>;
}

Page<SignInData, SignInCustom>({
  data: { busy: false },

  onShow() {
    // Someone signed in earlier goes straight to their profile (which renews an old token).
    if (hasSession()) {
      wx.reLaunch({ url: PAGES.profile });
      return;
    }
    // wx.login before the profile call, so the profile is encrypted under this login's key.
    ensureLoginCode();
  },

  async onSignIn() {
    if (this.data.busy) return;
    // Both before any await: WeChat accepts getUserProfile only straight from a tap, and the
    // login (prepared on show, else started here) must come before it.
    const code = takeLoginCode();
    const profile = getUserProfile();
    this.setData({ busy: true });
    try {
      const data = await signIn({ code, profile });
      if (data.bound) {
        wx.reLaunch({ url: PAGES.profile });
      } else {
        getApp<AppOption>().globalData.identity = data;
        wx.navigateTo({ url: PAGES.bindPhone });
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
