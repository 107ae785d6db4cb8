import type { Redis } from '../../redis/create-redis';
import type { SecretBox } from '../secret-box';
import { constantTimeEqualHex, randomToken, sha256Hex } from '../token-hash';

/** What a successful wxa_authorize leaves behind for the calls that follow it. */
export interface WxaSession {
  /** The external_accounts row of this WeChat identity. */
  accountId: string;
  unionid: string | null;
  /** Secret: WeChat's session_key for this login, kept for later decryption. */
  sessionKey: string;
  /**
   * SHA-256 of the session_token handed to the client with this session. The token itself is
   * never stored: whoever reads Redis still cannot act for the user.
   */
  tokenHash: string;
  /** Unix milliseconds. */
  createdAt: number;
}

export interface WxaSessionStore {
  /**
   * Starts the session of `appId + openid`, replacing the previous one (and so its token), and
   * resolves to the new session_token.
   */
  start(
    appId: string,
    openid: string,
    session: Omit<WxaSession, 'createdAt' | 'tokenHash'>,
  ): Promise<string>;
  find(appId: string, openid: string): Promise<WxaSession | undefined>;
  end(appId: string, openid: string): Promise<void>;
}

/** Whether `sessionToken` is the token of `session`, compared in constant time. */
export const isSessionToken = (session: WxaSession, sessionToken: string): boolean =>
  typeof session.tokenHash === 'string' &&
  constantTimeEqualHex(session.tokenHash, sha256Hex(sessionToken));

/**
 * Sessions of the mini-program flow in Redis, one per appId + openid (a new wxa_authorize replaces
 * the last), expiring after `ttlSeconds`. The value is sealed with DATA_KEY because it holds the
 * session_key; a value that no longer opens (DATA_KEY rotated) counts as no session. Each session
 * comes with a random session_token (32 bytes), kept only as its hash: the caller's proof that it
 * holds the WeChat identity, which an openid (printed in replies, logs and shared links) is not.
 */
export function createWxaSessionStore({
  redis,
  secretBox,
  ttlSeconds,
}: {
  redis: Redis;
  secretBox: SecretBox;
  ttlSeconds: number;
}): WxaSessionStore {
  const key = (appId: string, openid: string) => `wxa:session:${appId}:${openid}`;

  return {
    async start(appId, openid, session) {
      const sessionToken = randomToken(32);
      const value: WxaSession = {
        ...session,
        tokenHash: sha256Hex(sessionToken),
        createdAt: Date.now(),
      };
      await redis.set(key(appId, openid), secretBox.seal(JSON.stringify(value)), 'EX', ttlSeconds);
      return sessionToken;
    },
    async find(appId, openid) {
      const sealed = await redis.get(key(appId, openid));
      if (sealed === null) return undefined;
      try {
        return JSON.parse(secretBox.open(sealed)) as WxaSession;
      } catch {
        return undefined;
      }
    },
    async end(appId, openid) {
      await redis.del(key(appId, openid));
    },
  };
}
