import { createDecipheriv } from 'node:crypto';
import { AES_ALGORITHM, decodeCiphertext, decodeIv, decodeSessionKey } from './aes-params';
import { WechatCryptoError } from './errors';

export interface DecryptDataInput {
  /** session_key from jscode2session, base64 of 16 bytes. */
  sessionKey: string;
  /** encryptedData from the mini-program, base64. */
  encryptedData: string;
  /** iv from the mini-program, base64 of 16 bytes. */
  iv: string;
  /** The mini-program's appid; the plaintext's watermark must name it. */
  appId: string;
}

// fatal: bytes that are not UTF-8 mean the wrong key produced lucky padding, not user data.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decrypts a mini-program encryptedData payload the way WeChat's WXBizDataCrypt does:
 * AES-128-CBC, PKCS#7, key = base64-decoded session_key, iv = base64-decoded iv. The result must
 * be a JSON object whose `watermark.appid` is `appId`, which proves the data was made for this
 * mini-program and not replayed from another one. Every failure is a WechatCryptoError.
 */
export function decryptData({
  sessionKey,
  encryptedData,
  iv,
  appId,
}: DecryptDataInput): Record<string, unknown> {
  const key = decodeSessionKey(sessionKey);
  const ivBytes = decodeIv(iv);
  const ciphertext = decodeCiphertext(encryptedData);

  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(AES_ALGORITHM, key, ivBytes);
    decipher.setAutoPadding(true);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    // OpenSSL reports only "bad decrypt": a wrong session_key looks exactly like broken padding.
    throw new WechatCryptoError('bad_padding', { cause: error });
  }

  let data: unknown;
  try {
    data = JSON.parse(utf8.decode(plaintext));
  } catch (error) {
    throw new WechatCryptoError('invalid_json', { cause: error });
  }
  if (!isPlainObject(data)) throw new WechatCryptoError('invalid_json');

  const watermark = data.watermark;
  if (!isPlainObject(watermark) || watermark.appid !== appId) {
    throw new WechatCryptoError('watermark_mismatch');
  }
  return data;
}
