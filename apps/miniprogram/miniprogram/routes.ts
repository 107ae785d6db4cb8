/** The app's pages, as `wx.navigateTo` and friends want them. */
export const PAGES = {
  signIn: '/pages/sign-in/index',
  bindPhone: '/pages/bind-phone/index',
  profile: '/pages/profile/index',
} as const;
