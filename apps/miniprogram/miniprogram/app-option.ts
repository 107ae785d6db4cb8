import type { WxaAuthorizeUnbound } from '@wechat-bind/dto';

/** The app instance's shape: `App<AppOption>()` in app.ts, `getApp<AppOption>()` in pages. */
export interface AppOption {
  globalData: {
    /**
     * The identity `wxa_authorize` returned without a bound phone, handed from the sign-in page
     * to the bind-phone page. Only in memory: if the app restarts, the user signs in again.
     */
    identity?: WxaAuthorizeUnbound;
  };
}
