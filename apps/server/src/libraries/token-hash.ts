import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Hashing and generating bearer secrets. Tokens are long random values, so a plain SHA-256 is
 * enough to store them (no salt or slow hash needed: there is nothing to guess).
 */

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

const hexPattern = /^(?:[0-9a-f]{2})*$/i;

/**
 * Compares two hex digests without leaking through timing where they first differ. Different
 * lengths (or non-hex input) are simply unequal: timingSafeEqual would throw on them, and a
 * digest's length is no secret.
 */
export function constantTimeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length || !hexPattern.test(a) || !hexPattern.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

export type TokenEncoding = 'base64url' | 'base64' | 'hex';

/** `bytes` random bytes as text: base64url by default (32 bytes → 43 characters). */
export const randomToken = (bytes: number, encoding: TokenEncoding = 'base64url'): string =>
  randomBytes(bytes).toString(encoding);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The largest multiple of 62 that fits a byte: bytes at or above it are dropped, so every
// character is equally likely (a plain `byte % 62` would favour the first few).
const BASE62_LIMIT = 62 * 4;

/** `length` random letters and digits, the shape of a personal access token's secret. */
export function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < BASE62_LIMIT) text += BASE62[byte % 62];
      if (text.length === length) break;
    }
  }
  return text;
}
