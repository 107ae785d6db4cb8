import { dialectForPath } from './registry';

describe('dialectForPath', () => {
  it.each([
    ['/api/my/bind-weixin', 'my'],
    ['/api/my', 'my'],
    ['/api/mystery', 'plain'],
    ['/api/administrator/user/oauth-binding/WECHAT', 'administrator'],
    ['/accounts/wxa_authorize', 'accounts'],
    ['/account/wx/signup', 'account'],
    ['/account', 'account'],
    ['/accountsx', 'plain'],
    ['/healthz', 'plain'],
    ['/', 'plain'],
  ])('%s → %s', (path, dialect) => {
    expect(dialectForPath(path).name).toBe(dialect);
  });
});
