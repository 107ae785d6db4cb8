import type { ScryptOptions } from 'node:crypto';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), a random 16-byte salt per password, stored in a
 * self-describing, versioned text form:
 *
 *   $scrypt$v=1$n=32768,r=8,p=1$<salt, base64url>$<derived key, base64url>
 *
 * The parameters travel with each hash, so they can be raised later without breaking existing
 * hashes (verify reads them back; a login could rehash when they are below the current ones).
 */

const VERSION = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** About 32 MiB and ~100 ms per hash: OWASP's floor for scrypt, affordable on a small server. */
const CURRENT = { N: 2 ** 15, r: 8, p: 1 };
/** Stored hashes with parameters beyond these are refused, so a forged row cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

const formatPattern =
  /^\$scrypt\$v=(\d+)\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(
  password: string,
  salt: Buffer,
  keyBytes: number,
  { N, r, p }: { N: number; r: number; p: number },
): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is just too small for N=2^15.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, CURRENT);
  const { N, r, p } = CURRENT;
  return `$scrypt$v=${VERSION}$n=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `password` matches `stored`; false for a mismatch or a hash this code cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = formatPattern.exec(stored);
  if (!match || Number(match[1]) !== VERSION) return false;
  const [N, r, p] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false;
  const salt = Buffer.from(match[5]!, 'base64url');
  const expected = Buffer.from(match[6]!, 'base64url');
  if (expected.length < 16) return false;
  const actual = await derive(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}
