import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MiniProgramApp } from '../../config';
import type { Redis } from '../../redis/create-redis';
import { UpstreamError } from '../http/upstream-error';
import { TOKEN_REFUSED_ERRCODES } from './errcodes';
import { fetchStableToken } from './stable-token';
import type { WechatApi } from './wechat-api';

/*
 * WeChat's answers that mean "this access_token is no good" (TOKEN_REFUSED_ERRCODES: 40001
 * invalid or no longer the latest, 40014 answered for a token it has just rotated as well as for a
 * malformed one, 42001 expired) are each refreshed once and the call tried again; a token this
 * server holds was valid when it was stored, so a fresh one fixes it.
 */

/** Where the cache finds an app's secret when it needs a new token (the server's app registry fits). */
export interface AppSecrets {
  find(appId: string): Promise<MiniProgramApp | undefined>;
}

/** Encrypts values at rest (the server's SecretBox fits). */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface AccessTokenCacheOptions {
  redis: Redis;
  wechat: WechatApi;
  /** The apps whose tokens this cache may fetch (their secrets sign the request). */
  apps: AppSecrets;
  /** Seals the token at rest in Redis: it is a credential for the whole app. */
  secretBox: Sealer;
  /** Stop using a token this long before WeChat says it expires. Default 5 minutes. */
  refreshMarginMs?: number;
  /** How long one instance may hold the refresh lock (longer than a stable_token call with its retry). */
  lockTtlMs?: number;
  /** How long a caller waits for another instance's refresh before giving up. */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

export interface AccessTokenCache {
  /** The app's current access token: from Redis, or fetched by one instance while others wait. */
  get(appId: string): Promise<string>;
  /**
   * Runs `call` with the app's token. When WeChat refuses the token (40001, 40014, 42001) it is refreshed
   * once, by one instance, and `call` runs again with the new one.
   */
  withToken<T>(appId: string, call: (accessToken: string) => Promise<T>): Promise<T>;
}

const isTokenRefused = (error: unknown): boolean =>
  error instanceof UpstreamError &&
  error.failure === 'api_error' &&
  typeof error.code === 'number' &&
  TOKEN_REFUSED_ERRCODES.includes(error.code);

// Deletes the lock only if it is still ours: after our lock expired another instance may hold it.
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The WeChat app access_token, shared by every server instance through Redis. It is fetched with
 * POST /cgi-bin/stable_token and kept until `refreshMarginMs` before it expires (WeChat itself hands
 * out the next stable token in the old one's last five minutes). A fetch happens under a Redis lock
 * (SET NX PX) so one instance refreshes while the others poll Redis for the result: a burst of
 * requests on a cold cache costs WeChat one call, not one per request.
 */
export function createAccessTokenCache({
  redis,
  wechat,
  apps,
  secretBox,
  refreshMarginMs = 5 * 60 * 1000,
  lockTtlMs = 15_000,
  waitTimeoutMs = 20_000,
  pollIntervalMs = 50,
}: AccessTokenCacheOptions): AccessTokenCache {
  // The token and its lock share a hash tag: on a Redis Cluster they live in one slot, together.
  const tokenKey = (appId: string) => `wechat:access-token:{${appId}}`;
  const lockKey = (appId: string) => `wechat:access-token:{${appId}}:lock`;

  async function secretOf(appId: string): Promise<string> {
    const app = await apps.find(appId);
    // Callers check auth_app_id against the same apps first; only an app removed in between
    // reaches this, and its token is not fetched.
    if (!app) throw new Error(`no WeChat app ${appId} is configured`);
    return app.secret;
  }

  async function read(appId: string): Promise<string | undefined> {
    const sealed = await redis.get(tokenKey(appId));
    if (sealed === null) return undefined;
    try {
      return secretBox.open(sealed);
    } catch {
      // Sealed under another DATA_KEY (a rotation): as good as absent, fetch a new one.
      return undefined;
    }
  }

  /** Normal mode first; force a new token only when WeChat hands back the one it just refused. */
  async function fetchFresh(appId: string, stale: string | undefined) {
    const secret = await secretOf(appId);
    const reply = await fetchStableToken(wechat, { appId, secret, forceRefresh: false });
    if (stale === undefined || reply.access_token !== stale) return reply;
    return fetchStableToken(wechat, { appId, secret, forceRefresh: true });
  }

  async function store(appId: string, token: string, expiresInSeconds: number): Promise<void> {
    const lifetimeMs = expiresInSeconds * 1000;
    // A token already inside the margin (only if WeChat did not renew it early) is kept for half
    // of what it has left, so a burst does not turn into one stable_token call per request.
    const keepMs =
      lifetimeMs > refreshMarginMs ? lifetimeMs - refreshMarginMs : Math.max(1000, lifetimeMs / 2);
    await redis.set(tokenKey(appId), secretBox.seal(token), 'PX', Math.floor(keepMs));
  }

  /**
   * A token other than `stale`: the one in Redis, or a new one fetched under the lock. Callers that
   * lose the race for the lock poll Redis until the winner stores its token; if the winner fails
   * (its lock is released or expires) the next one in takes over.
   */
  async function refresh(appId: string, stale: string | undefined): Promise<string> {
    const deadline = Date.now() + waitTimeoutMs;
    const usable = (token: string | undefined): token is string =>
      token !== undefined && token !== stale;
    for (;;) {
      const owner = randomBytes(16).toString('hex');
      if ((await redis.set(lockKey(appId), owner, 'PX', lockTtlMs, 'NX')) === 'OK') {
        try {
          const current = await read(appId);
          if (usable(current)) return current;
          const fresh = await fetchFresh(appId, stale);
          await store(appId, fresh.access_token, fresh.expires_in);
          return fresh.access_token;
        } finally {
          await redis.eval(RELEASE_LOCK, 1, lockKey(appId), owner);
        }
      }
      await sleep(pollIntervalMs);
      const current = await read(appId);
      if (usable(current)) return current;
      if (Date.now() > deadline) {
        throw new UpstreamError({
          service: 'wechat',
          failure: 'timeout',
          endpoint: '/cgi-bin/stable_token',
          message: `no access token for ${appId} after waiting ${waitTimeoutMs} ms for another refresh`,
        });
      }
    }
  }

  async function get(appId: string): Promise<string> {
    return (await read(appId)) ?? refresh(appId, undefined);
  }

  return {
    get,
    async withToken(appId, call) {
      const token = await get(appId);
      try {
        return await call(token);
      } catch (error) {
        if (!isTokenRefused(error)) throw error;
        return call(await refresh(appId, token));
      }
    },
  };
}
