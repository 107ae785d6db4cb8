import type { Redis } from '../../redis/create-redis';
import type { SecretBox } from '../secret-box';
import { miniProgramErrors } from './errors';

/** What a successful wxa_authorize leaves behind for the calls that follow it. */
export interface WxaSession {
  /** The external_accounts row of this WeChat identity. */
  accountId: string;
  unionid: string | null;
  /** Secret: WeChat's session_key for this login, kept for later decryption. */
  sessionKey: string;
  /** Unix milliseconds. */
  createdAt: number;
}

export interface WxaSessionStore {
  start(appId: string, openid: string, session: Omit<WxaSession, 'createdAt'>): Promise<void>;
  find(appId: string, openid: string): Promise<WxaSession | undefined>;
  /** The live session, or 401 `请先授权登录`: knowing an openid is not enough to act for it. */
  require(appId: string, openid: string): Promise<WxaSession>;
  end(appId: string, openid: string): Promise<void>;
}

/**
 * Sessions of the mini-program flow in Redis, one per appId + openid (a new wxa_authorize replaces
 * the last), expiring after `ttlSeconds`. The value is sealed with DATA_KEY because it holds the
 * session_key; a value that no longer opens (DATA_KEY rotated) counts as no session.
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

  async function find(appId: string, openid: string): Promise<WxaSession | undefined> {
    const sealed = await redis.get(key(appId, openid));
    if (sealed === null) return undefined;
    try {
      return JSON.parse(secretBox.open(sealed)) as WxaSession;
    } catch {
      return undefined;
    }
  }

  return {
    async start(appId, openid, session) {
      const value = secretBox.seal(JSON.stringify({ ...session, createdAt: Date.now() }));
      await redis.set(key(appId, openid), value, 'EX', ttlSeconds);
    },
    find,
    async require(appId, openid) {
      const session = await find(appId, openid);
      if (!session) throw miniProgramErrors.authorizeFirst();
      return session;
    },
    async end(appId, openid) {
      await redis.del(key(appId, openid));
    },
  };
}
