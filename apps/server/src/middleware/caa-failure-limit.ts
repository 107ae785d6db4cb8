import { MY_ERROR_MESSAGES } from '@wechat-bind/dto';
import type { Context } from 'koa';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { RequestError, httpErrors } from '../errors/request-error';
import type { Logger } from '../logger';
import type { Redis } from '../redis/create-redis';

/**
 * Failed Caa authentications (malformed header, unknown key, bad or replayed signature) allowed
 * in a window. A client that signs correctly never fails; one with a skewed clock fails a few
 * times and stops. `points` per address and apiKey: sixty in ten minutes is far above either, and
 * far below what guessing signatures needs. `addressPoints` per address over every key: ten times
 * more, so that one client failing on purpose does not shut out the others who share its address
 * (a NAT, or a load balancer when TRUST_PROXY is off), while probing for keys stays bounded.
 */
export const CAA_FAILURE_LIMIT = { points: 60, addressPoints: 600, durationSeconds: 10 * 60 };
export type CaaFailureLimits = typeof CAA_FAILURE_LIMIT;

export interface CaaFailureLimit {
  /**
   * Refuses (429, with Retry-After) when the address has used up its failures with this apiKey,
   * or with all keys together. `apiKey` is undefined when the header could not be parsed.
   */
  check(ctx: Context, apiKey: string | undefined): Promise<void>;
  /** Counts one failed authentication against the address and the apiKey. */
  count(ctx: Context, apiKey: string | undefined): Promise<void>;
}

/**
 * Counted in Redis, so every instance shares the count, and checked before the key or the
 * signature is looked at: once over the limit, even a correct guess is refused, so the limit
 * cannot be worked around by guessing on. Keyed on the address and the apiKey together, so
 * failing on purpose with someone's apiKey blocks that key from the attacker's address only, and
 * never the key's owner elsewhere.
 */
export function createCaaFailureLimit(
  redis: Redis,
  logger: Logger,
  limits: CaaFailureLimits = CAA_FAILURE_LIMIT,
): CaaFailureLimit {
  const perKey = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'caa:failures:key',
    points: limits.points,
    duration: limits.durationSeconds,
  });
  const perAddress = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'caa:failures:address',
    points: limits.addressPoints,
    duration: limits.durationSeconds,
  });
  const addressOf = (ctx: Context) => ctx.ip || 'unknown';
  // An unparsable header has no apiKey: it counts under an empty one, as its own bucket.
  const keyOf = (ctx: Context, apiKey: string | undefined) => `${addressOf(ctx)}|${apiKey ?? ''}`;
  return {
    async check(ctx, apiKey) {
      let records;
      try {
        records = await Promise.all([
          perKey.get(keyOf(ctx, apiKey)),
          perAddress.get(addressOf(ctx)),
        ]);
      } catch (error) {
        throw httpErrors.serviceUnavailable(error);
      }
      const [keyRecord, addressRecord] = records;
      const over = [
        keyRecord && keyRecord.consumedPoints >= limits.points ? keyRecord : null,
        addressRecord && addressRecord.consumedPoints >= limits.addressPoints
          ? addressRecord
          : null,
      ].filter((record) => record !== null);
      if (over.length > 0) {
        const waitMs = Math.max(...over.map((record) => record.msBeforeNext));
        throw new RequestError({
          code: 'too_many_failures',
          status: 429,
          message: MY_ERROR_MESSAGES.tooManyRequests,
          retryAfterMs: waitMs,
        });
      }
    },
    async count(ctx, apiKey) {
      try {
        await Promise.all([
          perKey.penalty(keyOf(ctx, apiKey), 1),
          perAddress.penalty(addressOf(ctx), 1),
        ]);
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
