import * as api from './index';

describe('@wechat-bind/signature', () => {
  it('exports the public API and nothing test-only', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AUTHORIZATION_SCHEME',
      'SIGNATURE_WINDOW_MS',
      'computeSignature',
      'parseAuthorization',
      'signRequest',
      'stringToSign',
      'verifyRequest',
    ]);
  });
});
