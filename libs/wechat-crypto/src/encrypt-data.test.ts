import { encryptData } from './encrypt-data';
import { WechatCryptoError } from './errors';
import { generateIv, generateSessionKey } from './random';
import { DEMO } from './wechat-demo-vector.fixture';

describe('encryptData', () => {
  it("reproduces WeChat's demo ciphertext byte for byte", () => {
    // The demo plaintext is compact JSON in this key order, so JSON.stringify gives the same text.
    const { sessionKey, iv, plaintext } = DEMO;
    expect(encryptData({ sessionKey, iv, data: plaintext })).toBe(DEMO.encryptedData);
  });

  it('returns canonical base64 of whole AES blocks', () => {
    const out = encryptData({ sessionKey: generateSessionKey(), iv: generateIv(), data: {} });
    const bytes = Buffer.from(out, 'base64');
    expect(bytes.toString('base64')).toBe(out);
    // "{}" is 2 bytes, padded to one 16-byte block.
    expect(bytes).toHaveLength(16);
  });

  it('refuses a bad session key or iv with the same reasons as decryptData', () => {
    expect(() => encryptData({ sessionKey: 'short==', iv: generateIv(), data: {} })).toThrow(
      expect.objectContaining({ reason: 'invalid_session_key' }),
    );
    expect(() => encryptData({ sessionKey: generateSessionKey(), iv: 'a b', data: {} })).toThrow(
      WechatCryptoError,
    );
    expect(() => encryptData({ sessionKey: generateSessionKey(), iv: 'a b', data: {} })).toThrow(
      expect.objectContaining({ reason: 'invalid_iv' }),
    );
  });
});
