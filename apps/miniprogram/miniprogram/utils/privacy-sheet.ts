import { PAGES } from '../routes';
import { answerPrivacy, askForPrivacyOn, isAskingForPrivacy } from '../services/privacy';

/**
 * The app's privacy consent sheet, shared by the pages that use personal data (sign-in: the
 * profile call; bind-phone: the phone-number button; profile: the avatar and nickname). Each
 * page spreads {@link privacySheetData} and {@link privacySheetMethods} into its `Page()`, holds
 * the sheet's markup (`mp-half-screen-dialog#privacy-sheet`), calls `watchPrivacy` when it shows
 * and `leavePrivacy` when it hides or unloads.
 */

export interface PrivacySheetData {
  privacyShown: boolean;
}

export interface PrivacySheetMethods {
  watchPrivacy(): void;
  leavePrivacy(): void;
  onPrivacyAgree(): void;
  onPrivacyDisagree(): void;
  onOpenPrivacyContract(): void;
  onOpenUserAgreement(): void;
}

type Host = WechatMiniprogram.Page.Instance<PrivacySheetData, PrivacySheetMethods>;

export const privacySheetData: PrivacySheetData = { privacyShown: false };

export const privacySheetMethods: PrivacySheetMethods & ThisType<Host> = {
  watchPrivacy() {
    askForPrivacyOn({ show: () => this.setData({ privacyShown: true }) });
  },

  leavePrivacy() {
    // A page that goes away with the sheet open must not leave WeChat's call waiting forever.
    if (isAskingForPrivacy()) answerPrivacy(false);
    if (this.data.privacyShown) this.setData({ privacyShown: false });
  },

  /** `bindagreeprivacyauthorization` of the sheet's `open-type="agreePrivacyAuthorization"` button. */
  onPrivacyAgree() {
    this.setData({ privacyShown: false });
    answerPrivacy(true);
  },

  onPrivacyDisagree() {
    this.setData({ privacyShown: false });
    answerPrivacy(false);
  },

  onOpenPrivacyContract() {
    // The guide the operator wrote in the 小程序后台, shown by WeChat itself.
    wx.openPrivacyContract({
      fail: () => wx.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none', duration: 2500 }),
    });
  },

  onOpenUserAgreement() {
    wx.navigateTo({ url: PAGES.userAgreement });
  },
};
