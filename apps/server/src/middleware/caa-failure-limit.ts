import { MY_ERROR_MESSAGES } from '@wechat-bind/dto';
import type { Context } from 'koa';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { RequestError, httpErrors } from '../errors/request-error';
import type { Logger } from '../logger';
import type { Redis } from '../redis/create-redis';

/**
 * Failed Caa authentications (malformed header, unknown key, bad or replayed signature) allowed
 * per client address in a window. A client that signs correctly never fails; one with a skewed
 * clock fails a few times and stops. Sixty in ten minutes is far above either, and far below what
 * guessing keys or signatures needs.
 */
export const CAA_FAILURE_LIMIT = { points: 60, durationSeconds: 10 * 60 };

export interface CaaFailureLimit {
  /** Refuses (429, with Retry-After) an address whose failures used up its window. */
  check(ctx: Context): Promise<void>;
  /** Counts one failed authentication against the request's address. */
  count(ctx: Context): Promise<void>;
}

/**
 * Counted in Redis, so every instance shares the count, and checked before the key or the
 * signature is looked at: once an address is over the limit, even a correct guess is refused, so
 * the limit cannot be worked around by guessing on. Per address, not per key, so nobody can lock a
 * key's owner out by failing on purpose with that key.
 */
export function createCaaFailureLimit(redis: Redis, logger: Logger): CaaFailureLimit {
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'caa:failures',
    points: CAA_FAILURE_LIMIT.points,
    duration: CAA_FAILURE_LIMIT.durationSeconds,
  });
  const addressOf = (ctx: Context) => ctx.ip || 'unknown';
  return {
    async check(ctx) {
      let record;
      try {
        record = await failures.get(addressOf(ctx));
      } catch (error) {
        throw httpErrors.serviceUnavailable(error);
      }
      if (record && record.consumedPoints >= CAA_FAILURE_LIMIT.points) {
        ctx.set('Retry-After', String(Math.max(1, Math.ceil(record.msBeforeNext / 1000))));
        throw new RequestError({
          code: 'too_many_failures',
          status: 429,
          message: MY_ERROR_MESSAGES.tooManyRequests,
        });
      }
    },
    async count(ctx) {
      try {
        await failures.penalty(addressOf(ctx), 1);
      } catch (error) {
        // The request is refused either way; only the count is lost.
        (ctx.state.log ?? logger).warn(
          { err: error },
          'could not count a failed caa authentication',
        );
      }
    },
  };
}
