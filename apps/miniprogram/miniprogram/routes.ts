/** The app's pages, as `wx.navigateTo` and friends want them. */
export const PAGES = {
  home: '/pages/home/index',
  signIn: '/pages/sign-in/index',
  bindPhone: '/pages/bind-phone/index',
  profile: '/pages/profile/index',
  userAgreement: '/pages/user-agreement/index',
} as const;

/** Pages a sign-in may return to: the features behind it, never the sign-in steps themselves. */
const RETURN_PAGES: readonly string[] = [PAGES.home, PAGES.profile];

/**
 * The page (with its query) a sign-in returns to, from the `returnTo` the sign-in was opened with.
 * Anything that is not one of the app's feature pages goes home, so a crafted link cannot send
 * the user round in circles or somewhere unexpected.
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value) return PAGES.home;
  let url: string;
  try {
    url = decodeURIComponent(value);
  } catch {
    return PAGES.home;
  }
  const [path = ''] = url.split('?');
  return RETURN_PAGES.includes(path) ? url : PAGES.home;
}

/** `url` with `returnTo` added to its query, for the next step of a sign-in. */
export function withReturnTo(url: string, returnTo: string): string {
  return `${url}?returnTo=${encodeURIComponent(returnTo)}`;
}

/** A page's own URL with its query, as `returnTo` wants it. */
export function pageUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries(query)
    .filter(([key, value]) => key !== 'returnTo' && value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value!)}`);
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}
