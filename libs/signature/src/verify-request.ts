import { timingSafeEqual } from 'node:crypto';
import { computeSignature } from './compute-signature';
import { SIGNATURE_WINDOW_MS } from './constants';
import type { ParsedAuthorization } from './parse-authorization';
import { stringToSign } from './string-to-sign';

export interface VerifyRequestInput {
  /** From parseAuthorization (rule 1 already passed). */
  parsed: ParsedAuthorization;
  /** The secret of `parsed.apiKey`, found by the server (rule 2). */
  apiSecret: string;
  method: string;
  /** Path and query exactly as received (Koa: `ctx.originalUrl`). */
  target: string;
  /** The raw body as received, read as UTF-8; undefined or '' when there is none. */
  body?: string | undefined;
  /** The server clock in ms; defaults to Date.now(). */
  now?: number;
  /** Allowed clock difference either side; defaults to SIGNATURE_WINDOW_MS (5 minutes). */
  skewMs?: number;
}

export type VerifyRequestResult =
  { ok: true } | { ok: false; reason: 'timestamp_skew' | 'bad_signature' };

/**
 * Rules 3 and 4 of signature.md: the timestamp must be within `skewMs` of the server clock, either
 * side, and the signature must match, compared in constant time. Both failures answer
 * `400 invalid signature`; the reasons differ only for logs and tests. Key lookup (rule 2) and
 * replay memory (rule 5) need the server's stores and stay there.
 */
export function verifyRequest({
  parsed,
  apiSecret,
  method,
  target,
  body,
  now = Date.now(),
  skewMs = SIGNATURE_WINDOW_MS,
}: VerifyRequestInput): VerifyRequestResult {
  // The clock check comes first, as in the document, and costs no HMAC for stale requests. The
  // digit test only matters for a `parsed` built by hand; parseAuthorization already ensures it.
  const timestamp = Number(parsed.timestamp);
  if (!/^[0-9]+$/.test(parsed.timestamp) || Math.abs(now - timestamp) > skewMs) {
    return { ok: false, reason: 'timestamp_skew' };
  }

  const expected = Buffer.from(
    computeSignature(
      apiSecret,
      stringToSign({ method, target, timestamp: parsed.timestamp, body }),
    ),
    'utf8',
  );
  const given = Buffer.from(parsed.signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; the expected length (28) is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true };
}
