import { createCipheriv } from 'node:crypto';
import { AES_ALGORITHM, decodeIv, decodeSessionKey } from './aes-params';

export interface EncryptDataInput {
  /** base64 of 16 bytes, as jscode2session hands it out. */
  sessionKey: string;
  /** base64 of 16 bytes; use a fresh one per payload (see generateIv). */
  iv: string;
  /** The object to encrypt; include `watermark: { appid, timestamp }` for decryptData to accept it. */
  data: Record<string, unknown>;
}

/**
 * The inverse of decryptData: JSON, AES-128-CBC with PKCS#7, base64. WeChat does this on its side;
 * the sandbox and the tests need it to produce payloads the real decryption path accepts.
 */
export function encryptData({ sessionKey, iv, data }: EncryptDataInput): string {
  const key = decodeSessionKey(sessionKey);
  const ivBytes = decodeIv(iv);
  const cipher = createCipheriv(AES_ALGORITHM, key, ivBytes);
  const plaintext = Buffer.from(JSON.stringify(data), 'utf8');
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}
