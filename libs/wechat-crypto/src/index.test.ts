import * as api from './index';

describe('@wechat-bind/wechat-crypto', () => {
  it('exports the public API and nothing test-only', () => {
    expect(Object.keys(api).sort()).toEqual([
      'WechatCryptoError',
      'decryptData',
      'encryptData',
      'generateIv',
      'generateSessionKey',
      'rawDataSignature',
      'sessionKeySignature',
      'verifyRawDataSignature',
    ]);
  });
});
