import { createHash, timingSafeEqual } from 'node:crypto';

export interface RawDataSignatureInput {
  /** rawData exactly as wx.getUserInfo returned it (the JSON text, not a re-serialised object). */
  rawData: string;
  sessionKey: string;
  /** signature as wx.getUserInfo returned it: lower-case hex SHA-1. */
  signature: string;
}

/** sha1(rawData + session_key) in lower-case hex, as WeChat signs mini-program open data. */
export function rawDataSignature(rawData: string, sessionKey: string): string {
  return createHash('sha1')
    .update(rawData + sessionKey, 'utf8')
    .digest('hex');
}

/**
 * True when `signature` is WeChat's signature of `rawData` under `sessionKey`. The comparison is
 * constant-time so a caller cannot learn the expected value byte by byte from response timing.
 */
export function verifyRawDataSignature({
  rawData,
  sessionKey,
  signature,
}: RawDataSignatureInput): boolean {
  if (typeof rawData !== 'string' || typeof sessionKey !== 'string') return false;
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(rawDataSignature(rawData, sessionKey), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; the expected length (40) is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
