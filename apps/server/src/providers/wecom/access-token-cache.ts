import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WecomApp } from '../../config';
import type { Redis } from '../../redis/create-redis';
import type { Sealer } from '../wechat/access-token-cache';
import { UpstreamError } from '../http/upstream-error';
import { fetchWecomAccessToken } from './gettoken';
import type { WecomApi } from './wecom-api';

/**
 * WeCom's answers that mean "this access_token is no good": 40001 (invalid credential), 40014
 * (invalid access_token) and 42001 (expired). The token is refreshed once and the call retried.
 */
export const WECOM_TOKEN_REFUSED_ERRCODES: readonly number[] = [40001, 40014, 42001];

export interface WecomAccessTokenCacheOptions {
  redis: Redis;
  wecom: WecomApi;
  app: WecomApp;
  /** Seals the token at rest in Redis: it is a credential for the corp's APIs. */
  secretBox: Sealer;
  /** Stop using a token this long before it expires. Default 5 minutes. */
  refreshMarginMs?: number;
  lockTtlMs?: number;
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

export interface WecomAccessTokenCache {
  /** Runs `call` with the agent's token; a refused token is refreshed once and `call` retried. */
  withToken<T>(call: (accessToken: string) => Promise<T>): Promise<T>;
}

const isTokenRefused = (error: unknown): boolean =>
  error instanceof UpstreamError &&
  error.service === 'wecom' &&
  error.failure === 'api_error' &&
  typeof error.code === 'number' &&
  WECOM_TOKEN_REFUSED_ERRCODES.includes(error.code);

// Deletes the lock only if it is still ours: after our lock expired another instance may hold it.
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The WeCom agent's access_token, shared by every instance through Redis, as the WeChat one is
 * (providers/wechat/access-token-cache.ts): fetched with /cgi-bin/gettoken under a Redis lock
 * (SET NX PX), so one instance refreshes while the others poll for its result, and a burst on a
 * cold cache costs WeCom one call. WeCom limits gettoken calls per corp, hence the care. The key
 * and its lock share the hash tag `{corpId}`: on a Redis Cluster they live in one slot.
 */
export function createWecomAccessTokenCache({
  redis,
  wecom,
  app,
  secretBox,
  refreshMarginMs = 5 * 60 * 1000,
  lockTtlMs = 15_000,
  waitTimeoutMs = 20_000,
  pollIntervalMs = 50,
}: WecomAccessTokenCacheOptions): WecomAccessTokenCache {
  const tokenKey = `wecom:access-token:{${app.corpId}}:${app.agentId}`;
  const lockKey = `${tokenKey}:lock`;

  async function read(): Promise<string | undefined> {
    const sealed = await redis.get(tokenKey);
    if (sealed === null) return undefined;
    try {
      return secretBox.open(sealed);
    } catch {
      // Sealed under another DATA_KEY (a rotation): as good as absent.
      return undefined;
    }
  }

  async function store(token: string, expiresInSeconds: number): Promise<void> {
    const lifetimeMs = expiresInSeconds * 1000;
    const keepMs =
      lifetimeMs > refreshMarginMs ? lifetimeMs - refreshMarginMs : Math.max(1000, lifetimeMs / 2);
    await redis.set(tokenKey, secretBox.seal(token), 'PX', Math.floor(keepMs));
  }

  /** A token other than `stale`: the one in Redis, or a new one fetched under the lock. */
  async function refresh(stale: string | undefined): Promise<string> {
    const deadline = Date.now() + waitTimeoutMs;
    const usable = (token: string | undefined): token is string =>
      token !== undefined && token !== stale;
    for (;;) {
      const owner = randomBytes(16).toString('hex');
      if ((await redis.set(lockKey, owner, 'PX', lockTtlMs, 'NX')) === 'OK') {
        try {
          const current = await read();
          if (usable(current)) return current;
          const fresh = await fetchWecomAccessToken(wecom, {
            corpId: app.corpId,
            secret: app.secret,
          });
          await store(fresh.access_token, fresh.expires_in);
          return fresh.access_token;
        } finally {
          await redis.eval(RELEASE_LOCK, 1, lockKey, owner);
        }
      }
      await sleep(pollIntervalMs);
      const current = await read();
      if (usable(current)) return current;
      if (Date.now() > deadline) {
        throw new UpstreamError({
          service: 'wecom',
          failure: 'timeout',
          endpoint: '/cgi-bin/gettoken',
          message: `no WeCom access token after waiting ${waitTimeoutMs} ms for another refresh`,
        });
      }
    }
  }

  return {
    async withToken(call) {
      const token = (await read()) ?? (await refresh(undefined));
      try {
        return await call(token);
      } catch (error) {
        if (!isTokenRefused(error)) throw error;
        return call(await refresh(token));
      }
    },
  };
}
