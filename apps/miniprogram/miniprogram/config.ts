/**
 * Settings of the mini-program. Edit `baseUrl` to point a version of the app at its server; the
 * README section "The mini-program" explains local development.
 */
export interface AppConfig {
  /**
   * The server per version of the mini-program (`wx.getAccountInfoSync().miniProgram.envVersion`):
   * `develop` is what DevTools and "preview" run, `trial` the experience version, `release` the
   * published one. Only `develop` may be plain HTTP, and only with DevTools' domain check off.
   */
  baseUrl: Record<WechatMiniprogram.MiniProgram['envVersion'], string>;
  /** How long one call to the server may take before the user is told the network timed out. */
  timeoutMs: number;
  /** Why the app asks for the user's profile (shown by `wx.getUserProfile`; required). */
  profileReason: string;
  /**
   * Whether a new user must bind a phone before going on. `required`: the bind-phone page has no
   * way around it (the server issues its token only to a bound identity). `optional`: the page
   * offers "暂不绑定", which returns to the home page, where everything that needs no account
   * keeps working; features that need the account ask again.
   */
  phoneBinding: 'required' | 'optional';
  /**
   * Offer WeChat's phone-number button (`open-type="getPhoneNumber"`). It needs a verified,
   * non-personal account with quota left; apps that cannot use it set this to false and bind by
   * SMS code only.
   */
  phoneNumberButton: boolean;
}

export const config: AppConfig = {
  baseUrl: {
    develop: 'http://127.0.0.1:3000',
    trial: 'https://wechat-bind.example.com',
    release: 'https://wechat-bind.example.com',
  },
  timeoutMs: 10000,
  profileReason: '用于完善会员资料',
  phoneBinding: 'required',
  phoneNumberButton: true,
};
