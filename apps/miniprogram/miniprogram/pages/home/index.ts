import { PAGES } from '../../routes';
import { hasSession } from '../../services/session';

interface HomeData {
  /** A session is stored: the entry reads "my account" rather than "sign in". */
  signedIn: boolean;
}

interface HomeCustom {
  onOpenAccount(): void;
}

/**
 * Where the app opens. It works without signing in, as WeChat's review requires; the account
 * behind it asks for a sign-in only when the user opens it.
 */
Page<HomeData, HomeCustom>({
  data: { signedIn: false },

  onShow() {
    this.setData({ signedIn: hasSession() });
  },

  onOpenAccount() {
    wx.navigateTo({ url: PAGES.profile });
  },
});
