import { createHmac, hkdfSync } from 'node:crypto';
import type { Redis } from '../../redis/create-redis';
import { constantTimeEqualHex, randomToken, sha256Hex } from '../token-hash';

/** How a session was started. */
export type SignInMethod = 'sms' | 'WECHAT' | 'WECHAT_MP' | 'DING_TALK';

export interface WebSession {
  userId: string;
  method: SignInMethod;
  /** The key its record lives under: names the session in audit rows, never the cookie. */
  id: string;
}

/**
 * Web sessions in Redis. The cookie holds 32 random bytes; Redis holds only their SHA-256, so a
 * copy of Redis signs nobody in. The lifetime is fixed from sign-in (no sliding): a stolen cookie
 * is worth at most that long, and signing out deletes the record at once.
 *
 * The CSRF token is an HMAC of the session id under a key derived from DATA_KEY: bound to the
 * session, the same for its whole life (the page may reload), worthless for any other session,
 * and not stored anywhere.
 */
export interface SessionStore {
  create(input: { userId: string; method: SignInMethod }): Promise<{ cookie: string }>;
  find(cookie: string): Promise<WebSession | null>;
  revoke(cookie: string): Promise<void>;
  csrfTokenOf(cookie: string): string;
  csrfMatches(cookie: string, presented: string): boolean;
}

const SESSION_ID_BYTES = 32;
/** base64url of 32 bytes: anything else in the cookie is not a session of ours. */
const cookiePattern = /^[A-Za-z0-9_-]{43}$/;

export function createSessionStore({
  redis,
  dataKey,
  ttlSeconds,
}: {
  redis: Redis;
  dataKey: Buffer;
  ttlSeconds: number;
}): SessionStore {
  const csrfKey = Buffer.from(hkdfSync('sha256', dataKey, '', 'wechat-bind web csrf', 32));
  const keyOf = (cookie: string) => `web-session:${sha256Hex(cookie)}`;
  const csrfTokenOf = (cookie: string) =>
    createHmac('sha256', csrfKey).update(cookie).digest('hex');

  return {
    async create({ userId, method }) {
      const cookie = randomToken(SESSION_ID_BYTES);
      await redis.set(keyOf(cookie), JSON.stringify({ userId, method }), 'EX', ttlSeconds);
      return { cookie };
    },
    async find(cookie) {
      if (!cookiePattern.test(cookie)) return null;
      const stored = await redis.get(keyOf(cookie));
      if (stored === null) return null;
      const { userId, method } = JSON.parse(stored) as { userId: string; method: SignInMethod };
      return { userId, method, id: sha256Hex(cookie).slice(0, 16) };
    },
    async revoke(cookie) {
      if (cookiePattern.test(cookie)) await redis.del(keyOf(cookie));
    },
    csrfTokenOf,
    csrfMatches: (cookie, presented) => constantTimeEqualHex(csrfTokenOf(cookie), presented),
  };
}
