import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Constant-time comparison of two texts of any length. */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Opens a secret the server sealed with DATA_KEY (`v1.<iv>.<tag>.<ciphertext>`, AES-256-GCM):
 * the baseline must read the same stored Caa secrets the server reads.
 */
export function openSealed(dataKey: Buffer, sealed: string): string {
  const [, iv, tag, body] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv!, 'base64url'));
  decipher.setAAD(Buffer.from('wechat-bind:v1', 'utf8'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body!, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** WeChat's encrypted_data: AES-128-CBC under the session key, JSON inside. */
export function decryptWechatData(sessionKey: string, encryptedData: string, iv: string): unknown {
  const decipher = createDecipheriv(
    'aes-128-cbc',
    Buffer.from(sessionKey, 'base64'),
    Buffer.from(iv, 'base64'),
  );
  const plain = Buffer.concat([
    decipher.update(Buffer.from(encryptedData, 'base64')),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8'));
}
