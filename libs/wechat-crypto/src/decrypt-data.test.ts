import { createCipheriv } from 'node:crypto';
import { decryptData } from './decrypt-data';
import { encryptData } from './encrypt-data';
import { WechatCryptoError, type WechatCryptoErrorReason } from './errors';
import { generateIv, generateSessionKey } from './random';
import { DEMO } from './wechat-demo-vector.fixture';

const APP_ID = DEMO.appId;

/** Encrypts arbitrary bytes, so tests can build payloads encryptData would never produce. */
function encryptRaw(sessionKey: string, iv: string, plaintext: Buffer, autoPadding = true): string {
  const cipher = createCipheriv(
    'aes-128-cbc',
    Buffer.from(sessionKey, 'base64'),
    Buffer.from(iv, 'base64'),
  );
  cipher.setAutoPadding(autoPadding);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

function reasonOf(run: () => unknown): WechatCryptoErrorReason | 'no error' {
  try {
    run();
  } catch (error) {
    // A bare crypto or JSON exception escaping would fail here, which is the point.
    expect(error).toBeInstanceOf(WechatCryptoError);
    expect(error).toBeInstanceOf(Error);
    return (error as WechatCryptoError).reason;
  }
  return 'no error';
}

describe('decryptData', () => {
  it("decrypts WeChat's published WXBizDataCrypt demo vector", () => {
    const data = decryptData(DEMO);
    expect(data).toEqual(DEMO.plaintext);
    expect(data.openId).toBe('oGZUI0egBJY1zhBYw2KhdUfwVJJE');
    expect(data.watermark).toEqual({ timestamp: 1477314187, appid: 'wx4f4bc4dec97d474b' });
  });

  it('round-trips whatever encryptData produced', () => {
    const sessionKey = generateSessionKey();
    const iv = generateIv();
    const data = {
      phoneNumber: '+8613800138000',
      nested: { list: [1, 'two', null], unicode: '微信 ✓' },
      watermark: { appid: APP_ID, timestamp: 1700000000 },
    };
    const encryptedData = encryptData({ sessionKey, iv, data });
    expect(decryptData({ sessionKey, iv, encryptedData, appId: APP_ID })).toEqual(data);
  });

  describe('invalid_session_key', () => {
    it.each([
      ['not base64', 'not a key!'],
      ['a + turned into a space', ' ' + DEMO.sessionKey.slice(1)],
      ['URL-safe alphabet', 'tiihtNczf5v6AKRyjwEUhQ-_'],
      ['missing padding', 'tiihtNczf5v6AKRyjwEUhQ'],
      ['empty', ''],
      ['15 bytes', Buffer.alloc(15, 1).toString('base64')],
      ['24 bytes (AES-192 size)', Buffer.alloc(24, 1).toString('base64')],
      ['32 bytes (AES-256 size)', Buffer.alloc(32, 1).toString('base64')],
    ])('%s', (_label, sessionKey) => {
      expect(reasonOf(() => decryptData({ ...DEMO, sessionKey }))).toBe('invalid_session_key');
    });

    it('a session key that is not a string at all', () => {
      const input = { ...DEMO, sessionKey: undefined as unknown as string };
      expect(reasonOf(() => decryptData(input))).toBe('invalid_session_key');
    });
  });

  describe('invalid_iv', () => {
    it.each([
      ['not base64', 'iv?'],
      ['a + turned into a space', 'r7BXXKkLb8qrSNn05n0qiA= '],
      ['URL-safe alphabet', 'r7BXXKkLb8qrSNn05n0q-_=='],
      ['missing padding', 'r7BXXKkLb8qrSNn05n0qiA'],
      ['empty', ''],
      ['8 bytes', Buffer.alloc(8, 1).toString('base64')],
      ['17 bytes', Buffer.alloc(17, 1).toString('base64')],
    ])('%s', (_label, iv) => {
      expect(reasonOf(() => decryptData({ ...DEMO, iv }))).toBe('invalid_iv');
    });
  });

  describe('invalid_encrypted_data', () => {
    it.each([
      // The demo ciphertext contains `+`; a form or query string decoder turns those into spaces.
      ['every + turned into a space', DEMO.encryptedData.replaceAll('+', ' ')],
      ['URL-safe alphabet', DEMO.encryptedData.replaceAll('+', '-').replaceAll('/', '_')],
      ['missing padding', DEMO.encryptedData.replace(/=+$/, '')],
      ['line breaks as in the PHP demo', DEMO.encryptedData.replace(/(.{32})/g, '$1\n')],
      ['empty', ''],
      ['15 bytes', Buffer.alloc(15, 1).toString('base64')],
      ['one block and one byte', Buffer.alloc(17, 1).toString('base64')],
      [
        'the demo ciphertext cut short by one byte',
        Buffer.from(DEMO.encryptedData, 'base64').subarray(0, -1).toString('base64'),
      ],
    ])('%s', (_label, encryptedData) => {
      expect(reasonOf(() => decryptData({ ...DEMO, encryptedData }))).toBe(
        'invalid_encrypted_data',
      );
    });
  });

  describe('bad_padding', () => {
    it('a last block that does not end in PKCS#7 padding', () => {
      const sessionKey = generateSessionKey();
      const iv = generateIv();
      // One full block ending in 0x00 encrypted without padding: 0x00 is never valid PKCS#7.
      const encryptedData = encryptRaw(sessionKey, iv, Buffer.alloc(16, 0), false);
      expect(reasonOf(() => decryptData({ sessionKey, iv, encryptedData, appId: APP_ID }))).toBe(
        'bad_padding',
      );
    });

    it('padding bytes that disagree with each other', () => {
      const sessionKey = generateSessionKey();
      const iv = generateIv();
      const block = Buffer.concat([
        Buffer.from('{"a":1}'),
        Buffer.from([3, 3, 3, 3, 3, 3, 3, 2, 4]),
      ]);
      const encryptedData = encryptRaw(sessionKey, iv, block, false);
      expect(reasonOf(() => decryptData({ sessionKey, iv, encryptedData, appId: APP_ID }))).toBe(
        'bad_padding',
      );
    });

    it('the demo data with a different (stale) session key', () => {
      const sessionKey = 'HyVFkGl5F5OQWJZZaNzBBg==';
      expect(reasonOf(() => decryptData({ ...DEMO, sessionKey }))).toBe('bad_padding');
    });
  });

  describe('invalid_json', () => {
    it.each([
      ['text that is not JSON', Buffer.from('hello, not json')],
      ['a JSON array', Buffer.from('[{"watermark":{"appid":"wx4f4bc4dec97d474b"}}]')],
      ['JSON null', Buffer.from('null')],
      ['a JSON string', Buffer.from('"wx4f4bc4dec97d474b"')],
      ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
      ['nothing at all', Buffer.alloc(0)],
    ])('%s', (_label, plaintext) => {
      const sessionKey = generateSessionKey();
      const iv = generateIv();
      const encryptedData = encryptRaw(sessionKey, iv, plaintext);
      expect(reasonOf(() => decryptData({ sessionKey, iv, encryptedData, appId: APP_ID }))).toBe(
        'invalid_json',
      );
    });
  });

  describe('watermark_mismatch', () => {
    it('the demo data checked against another appid', () => {
      expect(reasonOf(() => decryptData({ ...DEMO, appId: 'wx0000000000000000' }))).toBe(
        'watermark_mismatch',
      );
    });

    it.each([
      ['no watermark', { openId: 'o1' }],
      ['a watermark that is not an object', { watermark: 'wx4f4bc4dec97d474b' }],
      ['a watermark without appid', { watermark: { timestamp: 1 } }],
      ['an appid of another type', { watermark: { appid: ['wx4f4bc4dec97d474b'] } }],
      ['an appid in another case', { watermark: { appid: 'WX4F4BC4DEC97D474B' } }],
    ])('%s', (_label, data) => {
      const sessionKey = generateSessionKey();
      const iv = generateIv();
      const encryptedData = encryptData({ sessionKey, iv, data });
      expect(reasonOf(() => decryptData({ sessionKey, iv, encryptedData, appId: APP_ID }))).toBe(
        'watermark_mismatch',
      );
    });
  });

  it('checks inputs in a fixed order: key, iv, ciphertext', () => {
    const broken = { sessionKey: 'x', iv: 'y', encryptedData: 'z', appId: APP_ID };
    expect(reasonOf(() => decryptData(broken))).toBe('invalid_session_key');
    expect(reasonOf(() => decryptData({ ...broken, sessionKey: DEMO.sessionKey }))).toBe(
      'invalid_iv',
    );
  });

  it('keeps the underlying exception as cause', () => {
    try {
      decryptData({ ...DEMO, sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==' });
      throw new Error('expected decryptData to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(WechatCryptoError);
      expect((error as WechatCryptoError).name).toBe('WechatCryptoError');
      // Node's crypto errors come from another realm than jest's, so match the shape, not the class.
      expect((error as WechatCryptoError).cause).toMatchObject({ message: expect.any(String) });
    }
  });
});
