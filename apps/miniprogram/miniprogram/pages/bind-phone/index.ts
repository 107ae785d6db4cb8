import type { WxaAuthorizeUnbound } from '@wechat-bind/dto';
import type { AppOption } from '../../app-option';
import { PAGES } from '../../routes';
import { bindWithPhoneCode, bindWithVerifyCode, requestVerifyCode } from '../../services/binding';
import { UserFacingError } from '../../services/errors';
import { isMainlandMobile, isVerifyCode } from '../../utils/mobile';
import { showError, showSuccess } from '../../utils/feedback';

interface BindPhoneData {
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
}

interface BindPhoneCustom {
  countdownTimer: number | undefined;
  identity(): WxaAuthorizeUnbound | undefined;
  onMobileInput(event: WechatMiniprogram.Input): void;
  onCodeInput(event: WechatMiniprogram.Input): void;
  onSendCode(): Promise<void>;
  onBind(): Promise<void>;
  onPhoneNumber(event: WechatMiniprogram.ButtonGetPhoneNumber): Promise<void>;
  startCountdown(seconds: number): void;
  stopCountdown(): void;
  handleFailure(error: unknown): void;
}

const MESSAGES = {
  mobileInvalid: '请输入正确的手机号',
  codeInvalid: '请输入 6 位验证码',
  codeSent: '验证码已发送',
  phoneDenied: '未获取到手机号，可改用验证码绑定',
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
  },
  countdownTimer: undefined,

  identity() {
    return getApp<AppOption>().globalData.identity;
  },

  onLoad() {
    const identity = this.identity();
    if (!identity) {
      // Opened without a sign-in first (a restart, a shared link): start from the beginning.
      wx.reLaunch({ url: PAGES.signIn });
      return;
    }
    this.setData({ nickname: identity.nickname, avatar: identity.avatar });
  },

  onUnload() {
    this.stopCountdown();
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
      getApp<AppOption>().globalData.identity = undefined;
      wx.reLaunch({ url: PAGES.profile });
    } catch (error) {
      this.handleFailure(error);
    } finally {
      this.setData({ binding: false });
    }
  },

  async onPhoneNumber(event) {
    const identity = this.identity();
    if (!identity || this.data.binding) return;
    // No code: the user declined, or the app may not use the button (unverified account).
    const { code } = event.detail;
    if (!code) {
      wx.showToast({ title: MESSAGES.phoneDenied, icon: 'none', duration: 2500 });
      return;
    }
    this.setData({ binding: true });
    try {
      await bindWithPhoneCode(identity, code);
      getApp<AppOption>().globalData.identity = undefined;
      wx.reLaunch({ url: PAGES.profile });
    } catch (error) {
      this.handleFailure(error);
    } finally {
      this.setData({ binding: false });
    }
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
      wx.reLaunch({ url: PAGES.signIn });
    }
  },
});
