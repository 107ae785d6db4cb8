import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '../../redis/create-redis';
import { WeixinBindingError } from './weixin-binding-error';

/**
 * Each bind attempt asks WeChat to check a token. Capping attempts per user keeps a leaked API key
 * from turning this server into a token-guessing oracle, and keeps WeChat's quota for real users.
 * Real clients bind once, so the cap is far above normal use.
 */
export const BIND_ATTEMPTS_PER_WINDOW = 10;
export const BIND_ATTEMPT_WINDOW_SECONDS = 10 * 60;

export interface AttemptLimiter {
  /** Counts one attempt for `key`; throws WeixinBindingError('too_many_attempts') past the cap. */
  consume(key: string): Promise<void>;
}

/** Counted in Redis, so every server instance shares the same budget. */
export function createAttemptLimiter(
  redis: Redis,
  {
    points = BIND_ATTEMPTS_PER_WINDOW,
    durationSeconds = BIND_ATTEMPT_WINDOW_SECONDS,
  }: { points?: number; durationSeconds?: number } = {},
): AttemptLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'weixin-bind-attempts',
    points,
    duration: durationSeconds,
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        // rate-limiter-flexible rejects with a RateLimiterRes when over the cap, and with the
        // Redis error itself when the store fails; only the first is the caller's fault.
        if (rejection instanceof RateLimiterRes) {
          throw new WeixinBindingError('too_many_attempts', {
            retryAfterMs: rejection.msBeforeNext,
          });
        }
        throw new WeixinBindingError('store_unavailable', { cause: rejection });
      }
    },
  };
}
