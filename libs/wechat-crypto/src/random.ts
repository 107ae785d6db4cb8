import { randomBytes } from 'node:crypto';

/** A fresh session_key as WeChat issues them: base64 of 16 random bytes. */
export function generateSessionKey(): string {
  return randomBytes(16).toString('base64');
}

/** A fresh CBC iv for encryptData: base64 of 16 random bytes. Never reuse one with the same key. */
export function generateIv(): string {
  return randomBytes(16).toString('base64');
}
