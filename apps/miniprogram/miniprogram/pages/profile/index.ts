import type { AccountsMeData } from '@wechat-bind/dto';
import { PAGES, pageUrl, withReturnTo } from '../../routes';
import { SignInRequiredError } from '../../services/errors';
import {
  ANONYMOUS_NICKNAME,
  cleanNickname,
  saveAvatar,
  saveNickname,
} from '../../services/profile';
import { fetchCurrentUser, signOut } from '../../services/session';
import type { WechatFailure } from '../../services/wechat-failures';
import { classifyWechatFailure } from '../../services/wechat-failures';
import { showError, showMessage, showSuccess } from '../../utils/feedback';
import { maskMobile } from '../../utils/mobile';
import type { PrivacySheetData, PrivacySheetMethods } from '../../utils/privacy-sheet';
import { privacySheetData, privacySheetMethods } from '../../utils/privacy-sheet';

interface ProfileData extends PrivacySheetData {
  /** GET /accounts/me is in flight. */
  loading: boolean;
  /** The last load failed (not for want of a session): offer a retry. */
  failed: boolean;
  user: AccountsMeData | null;
  maskedMobile: string;
  /** What the nickname input holds; saved once WeChat has checked it. */
  nickname: string;
  /** The user still has WeChat's anonymous name: invite them to pick their own. */
  anonymous: boolean;
  savingNickname: boolean;
  savingAvatar: boolean;
}

/** `bind:chooseavatar`: the picked image as a temporary file (no event when WeChat's check fails). */
type ChooseAvatarEvent = WechatMiniprogram.CustomEvent<{ avatarUrl?: string }>;
/** `bindnicknamereview` (base library 2.29.1+): WeChat's content check of the typed nickname. */
type NicknameReviewEvent = WechatMiniprogram.CustomEvent<{ pass: boolean; timeout: boolean }>;

interface ProfileCustom extends PrivacySheetMethods {
  /** This page's own URL with its query: where a sign-in returns. */
  url: string;
  load(): Promise<void>;
  show(user: AccountsMeData): void;
  onRetry(): Promise<void>;
  onSignOut(): void;
  onChooseAvatar(event: ChooseAvatarEvent): Promise<void>;
  onChooseAvatarError(
    event: WechatMiniprogram.CustomEvent<{ errMsg?: string; errno?: number }>,
  ): void;
  onNicknameInput(event: WechatMiniprogram.Input): void;
  onNicknameBlur(event: WechatMiniprogram.InputBlur): Promise<void>;
  onNicknameReview(event: NicknameReviewEvent): Promise<void>;
  commitNickname(): Promise<void>;
  saveFailed(error: unknown): void;
}

const MESSAGES = {
  nicknameEmpty: '请输入昵称',
  nicknameRefused: '这个昵称未通过微信的安全检查，请换一个',
  nicknameSaved: '昵称已保存',
  avatarSaved: '头像已更新',
};

const AVATAR_FAILURES: Partial<Record<WechatFailure, string>> = {
  privacyDeclined: '未同意隐私保护指引，暂时无法更换头像',
  privacyUndeclared: '暂时无法更换头像，请稍后再试',
};

Page<ProfileData, ProfileCustom>({
  data: {
    loading: false,
    failed: false,
    user: null,
    maskedMobile: '',
    nickname: '',
    anonymous: false,
    savingNickname: false,
    savingAvatar: false,
    ...privacySheetData,
  },
  url: PAGES.profile,
  ...privacySheetMethods,

  onLoad(query: Record<string, string | undefined>) {
    this.url = pageUrl(PAGES.profile, query);
  },

  onShow() {
    this.watchPrivacy();
    return this.load();
  },

  onHide() {
    this.leavePrivacy();
  },

  onUnload() {
    this.leavePrivacy();
  },

  async load() {
    if (this.data.loading) return;
    this.setData({ loading: true, failed: false });
    try {
      this.show(await fetchCurrentUser());
    } catch (error) {
      if (error instanceof SignInRequiredError) {
        // Sign in, then come back here: the sign-in page returns to `returnTo`.
        wx.redirectTo({ url: withReturnTo(PAGES.signIn, this.url) });
        return;
      }
      showError(error);
      this.setData({ failed: true });
    } finally {
      this.setData({ loading: false });
    }
  },

  show(user) {
    this.setData({
      user,
      maskedMobile: maskMobile(user.mobile),
      nickname: user.username,
      anonymous: user.username === ANONYMOUS_NICKNAME || user.username === '',
    });
  },

  onRetry() {
    return this.load();
  },

  onSignOut() {
    signOut();
    wx.reLaunch({ url: PAGES.home });
  },

  async onChooseAvatar(event) {
    const { avatarUrl } = event.detail;
    const { user } = this.data;
    if (!avatarUrl || !user || this.data.savingAvatar) return;
    this.setData({ savingAvatar: true });
    try {
      const avatar = await saveAvatar(avatarUrl);
      this.setData({ user: { ...user, avatar } });
      showSuccess(MESSAGES.avatarSaved);
    } catch (error) {
      this.saveFailed(error);
    } finally {
      this.setData({ savingAvatar: false });
    }
  },

  /** `binderror` of the avatar button: WeChat refused the pick (privacy) rather than the user. */
  onChooseAvatarError(event) {
    const message = AVATAR_FAILURES[classifyWechatFailure(event.detail)];
    if (message) showMessage(message);
  },

  onNicknameInput(event) {
    this.setData({ nickname: event.detail.value });
  },

  async onNicknameBlur(event) {
    this.setData({ nickname: event.detail.value });
    // Where WeChat reviews nicknames, the review event saves; older clients save on blur.
    if (!wx.canIUse('input.bindnicknamereview')) await this.commitNickname();
  },

  async onNicknameReview(event) {
    const { pass, timeout } = event.detail;
    // A review that timed out is no verdict: the server's own checks still apply.
    if (!pass && !timeout) {
      showMessage(MESSAGES.nicknameRefused);
      this.setData({ nickname: this.data.user?.username ?? '' });
      return;
    }
    await this.commitNickname();
  },

  /** A save that failed: back to sign-in when the session is over, else the server's words. */
  saveFailed(error: unknown) {
    if (error instanceof SignInRequiredError) {
      wx.redirectTo({ url: withReturnTo(PAGES.signIn, this.url) });
      return;
    }
    showError(error);
  },

  async commitNickname() {
    const { user, savingNickname } = this.data;
    if (!user || savingNickname) return;
    const nickname = cleanNickname(this.data.nickname);
    if (nickname === user.username) return;
    if (!nickname) {
      showMessage(MESSAGES.nicknameEmpty);
      this.setData({ nickname: user.username });
      return;
    }
    this.setData({ savingNickname: true });
    try {
      this.show(await saveNickname(nickname));
      showSuccess(MESSAGES.nicknameSaved);
    } catch (error) {
      this.saveFailed(error);
    } finally {
      this.setData({ savingNickname: false });
    }
  },
});
