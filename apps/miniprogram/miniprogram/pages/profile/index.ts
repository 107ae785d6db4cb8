import type { AccountsMeData } from '@wechat-bind/dto';
import { PAGES } from '../../routes';
import { SignInRequiredError } from '../../services/errors';
import { fetchCurrentUser, signOut } from '../../services/session';
import { showError } from '../../utils/feedback';
import { maskMobile } from '../../utils/mobile';

interface ProfileData {
  /** GET /accounts/me is in flight. */
  loading: boolean;
  /** The last load failed (not for want of a session): offer a retry. */
  failed: boolean;
  user: AccountsMeData | null;
  maskedMobile: string;
}

interface ProfileCustom {
  load(): Promise<void>;
  onRetry(): Promise<void>;
  onSignOut(): void;
}

Page<ProfileData, ProfileCustom>({
  data: { loading: false, failed: false, user: null, maskedMobile: '' },

  onShow() {
    return this.load();
  },

  async load() {
    if (this.data.loading) return;
    this.setData({ loading: true, failed: false });
    try {
      const user = await fetchCurrentUser();
      this.setData({ user, maskedMobile: maskMobile(user.mobile) });
    } catch (error) {
      if (error instanceof SignInRequiredError) {
        wx.reLaunch({ url: PAGES.signIn });
        return;
      }
      showError(error);
      this.setData({ failed: true });
    } finally {
      this.setData({ loading: false });
    }
  },

  onRetry() {
    return this.load();
  },

  onSignOut() {
    signOut();
    wx.reLaunch({ url: PAGES.signIn });
  },
});
