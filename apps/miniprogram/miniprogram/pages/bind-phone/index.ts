import type { WxaAuthorizeUnbound } from '@wechat-bind/dto';
import type { AppOption } from '../../app-option';
import { config } from '../../config';
import { PAGES, safeReturnTo, withReturnTo } from '../../routes';
import { bindWithPhoneCode, bindWithVerifyCode, requestVerifyCode } from '../../services/binding';
import { UserFacingError } from '../../services/errors';
import type { WechatFailure } from '../../services/wechat-failures';
import { classifyWechatFailure } from '../../services/wechat-failures';
import { isMainlandMobile, isVerifyCode } from '../../utils/mobile';
import { showError, showMessage, showSuccess } from '../../utils/feedback';
import type { PrivacySheetData, PrivacySheetMethods } from '../../utils/privacy-sheet';
import { privacySheetData, privacySheetMethods } from '../../utils/privacy-sheet';

interface BindPhoneData extends PrivacySheetData {
  nickname: string;
  avatar: string;
  mobile: string;
  verifyCode: string;
  mobileError: string;
  codeError: string;
  /** send_verify_code is in flight. */
  sending: boolean;
  /** Seconds until "send code" works again (the server's `resend_after` or `Retry-After`). */
  countdown: number;
  /** wxa_bind_mobile is in flight (either form). */
  binding: boolean;
  /** WeChat's phone-number button is offered (config, and WeChat has not refused it here). */
  phoneButton: boolean;
  /** The product lets the user go on without a phone (`config.phoneBinding`). */
  canSkip: boolean;
}

interface BindPhoneCustom extends PrivacySheetMethods {
  countdownTimer: number | undefined;
  /** The feature the sign-in was opened for: where a successful bind goes. */
  returnTo: string;
  identity(): WxaAuthorizeUnbound | undefined;
  onMobileInput(event: WechatMiniprogram.Input): void;
  onCodeInput(event: WechatMiniprogram.Input): void;
  onSendCode(): Promise<void>;
  onBind(): Promise<void>;
  onPhoneNumber(event: WechatMiniprogram.ButtonGetPhoneNumber): Promise<void>;
  onSkip(): void;
  finish(): void;
  startCountdown(seconds: number): void;
  stopCountdown(): void;
  handleFailure(error: unknown): void;
}

const MESSAGES = {
  mobileInvalid: '请输入正确的手机号',
  codeInvalid: '请输入 6 位验证码',
  codeSent: '验证码已发送',
};

/**
 * Why the phone-number button gave no code, in words, and whether to take the button away (it
 * will fail the same way again: the app may not use it or has no quota left).
 */
const PHONE_BUTTON_FAILURES: Record<WechatFailure, { message: string; hide: boolean }> = {
  denied: { message: '未获取到手机号，可改用验证码绑定', hide: false },
  privacyDeclined: { message: '未同意隐私保护指引，可改用验证码绑定', hide: false },
  privacyUndeclared: { message: '微信手机号暂时无法使用，请用验证码绑定', hide: true },
  quotaUsedUp: { message: '微信手机号快捷绑定今日已达上限，请用验证码绑定', hide: true },
  noPermission: { message: '本小程序暂不支持微信手机号快捷绑定，请用验证码绑定', hide: true },
  other: { message: '获取微信手机号失败，可改用验证码绑定', hide: false },
};

Page<BindPhoneData, BindPhoneCustom>({
  data: {
    nickname: '',
    avatar: '',
    mobile: '',
    verifyCode: '',
    mobileError: '',
    codeError: '',
    sending: false,
    countdown: 0,
    binding: false,
    phoneButton: config.phoneNumberButton,
    canSkip: config.phoneBinding === 'optional',
    ...privacySheetData,
  },
  countdownTimer: undefined,
  returnTo: PAGES.home,
  ...privacySheetMethods,

  identity() {
    return getApp<AppOption>().globalData.identity;
  },

  onLoad(query: Record<string, string | undefined>) {
    this.returnTo = safeReturnTo(query.returnTo);
    const identity = this.identity();
    if (!identity) {
      // Opened without a sign-in first (a restart, a shared link): start from the beginning.
      wx.redirectTo({ url: withReturnTo(PAGES.signIn, this.returnTo) });
      return;
    }
    this.setData({ nickname: identity.nickname, avatar: identity.avatar });
  },

  onShow() {
    this.watchPrivacy();
  },

  onHide() {
    this.leavePrivacy();
  },

  onUnload() {
    this.stopCountdown();
    this.leavePrivacy();
  },

  onMobileInput(event) {
    this.setData({ mobile: event.detail.value.trim(), mobileError: '' });
  },

  onCodeInput(event) {
    this.setData({ verifyCode: event.detail.value.trim(), codeError: '' });
  },

  async onSendCode() {
    const identity = this.identity();
    if (!identity || this.data.sending || this.data.countdown > 0 || this.data.binding) return;
    const { mobile } = this.data;
    if (!isMainlandMobile(mobile)) {
      this.setData({ mobileError: MESSAGES.mobileInvalid });
      return;
    }
    this.setData({ sending: true });
    try {
      this.startCountdown(await requestVerifyCode(identity, mobile));
      showSuccess(MESSAGES.codeSent);
    } catch (error) {
      // Too many sends: the server says how long to wait; count that down instead.
      if (error instanceof UserFacingError && error.retryAfterSeconds) {
        this.startCountdown(error.retryAfterSeconds);
      }
      this.handleFailure(error);
    } finally {
      this.setData({ sending: false });
    }
  },

  async onBind() {
    const identity = this.identity();
    if (!identity || this.data.binding) return;
    const { mobile, verifyCode } = this.data;
    const mobileError = isMainlandMobile(mobile) ? '' : MESSAGES.mobileInvalid;
    const codeError = isVerifyCode(verifyCode) ? '' : MESSAGES.codeInvalid;
    if (mobileError || codeError) {
      this.setData({ mobileError, codeError });
      return;
    }
    this.setData({ binding: true });
    try {
      await bindWithVerifyCode(identity, mobile, verifyCode);
      this.finish();
    } catch (error) {
      this.handleFailure(error);
    } finally {
      this.setData({ binding: false });
    }
  },

  async onPhoneNumber(event) {
    const identity = this.identity();
    if (!identity || this.data.binding) return;
    // No code: the user declined, or WeChat refused the button (privacy, quota, account type).
    const { code } = event.detail;
    if (!code) {
      const failure = PHONE_BUTTON_FAILURES[classifyWechatFailure(event.detail)];
      showMessage(failure.message);
      if (failure.hide) this.setData({ phoneButton: false });
      return;
    }
    this.setData({ binding: true });
    try {
      await bindWithPhoneCode(identity, code);
      this.finish();
    } catch (error) {
      this.handleFailure(error);
    } finally {
      this.setData({ binding: false });
    }
  },

  /** Signed in: back to the feature the sign-in was for. */
  finish() {
    getApp<AppOption>().globalData.identity = undefined;
    wx.redirectTo({ url: this.returnTo });
  },

  /** Only where the product allows it: the home page, which needs no account. */
  onSkip() {
    if (!this.data.canSkip || this.data.binding) return;
    getApp<AppOption>().globalData.identity = undefined;
    wx.reLaunch({ url: PAGES.home });
  },

  startCountdown(seconds) {
    this.stopCountdown();
    // Counted against the clock, not by ticks: timers stop while the app is in the background.
    const endsAt = Date.now() + seconds * 1000;
    this.setData({ countdown: seconds });
    this.countdownTimer = setInterval(() => {
      const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      this.setData({ countdown: left });
      if (left === 0) this.stopCountdown();
    }, 1000);
  },

  stopCountdown() {
    if (this.countdownTimer !== undefined) clearInterval(this.countdownTimer);
    this.countdownTimer = undefined;
  },

  handleFailure(error) {
    showError(error);
    // 401 请先授权登录: the sign-in session (30 minutes) is over; binding needs a new one.
    if (error instanceof UserFacingError && error.status === 401) {
      getApp<AppOption>().globalData.identity = undefined;
      wx.redirectTo({ url: withReturnTo(PAGES.signIn, this.returnTo) });
    }
  },
});
