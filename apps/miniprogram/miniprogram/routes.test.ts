/**
 * @jest-environment node
 */
import { PAGES, pageUrl, safeReturnTo, withReturnTo } from './routes';

describe('returning to a feature after sign-in', () => {
  it('round-trips a page and its query through returnTo', () => {
    const target = pageUrl(PAGES.profile, { tab: 'name', q: 'a&b' });
    expect(target).toBe('/pages/profile/index?tab=name&q=a%26b');
    const url = withReturnTo(PAGES.signIn, target);
    const returnTo = new URLSearchParams(url.split('?')[1]).get('returnTo')!;
    // WeChat hands onLoad each query value as it was in the URL, still escaped.
    expect(safeReturnTo(encodeURIComponent(returnTo))).toBe(target);
  });

  it('never carries an old returnTo along', () => {
    expect(pageUrl(PAGES.profile, { returnTo: '/pages/home/index' })).toBe(PAGES.profile);
  });

  it.each([
    undefined,
    '',
    '/pages/sign-in/index',
    '/pages/bind-phone/index',
    'https://evil.example',
    '%E0%A4%A',
  ])('goes home for %j', (value) => {
    expect(safeReturnTo(value)).toBe(PAGES.home);
  });
});
