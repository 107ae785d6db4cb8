import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '../../redis/create-redis';
import type { OAuthBindingType } from './binding-types';
import { OAuthBindingError } from './oauth-binding-error';

/**
 * A per-user budget for starting bindings (each issues a state kept in Redis) and for completing
 * them (each checks a state and redeems a code at the provider). Counted in Redis, so the budget
 * is shared by every instance.
 */
export interface AttemptLimits {
  points: number;
  durationSeconds: number;
}

/** Twenty of each per ten minutes: far more than a person clicking, far less than a script. */
export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { points: 20, durationSeconds: 600 };

export type AttemptKind = 'start' | 'complete';

export type AttemptLimiter = (
  kind: AttemptKind,
  userId: string,
  type: OAuthBindingType,
) => Promise<void>;

export function createAttemptLimiter(redis: Redis, limits: AttemptLimits): AttemptLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'oauth-binding:attempts',
    points: limits.points,
    duration: limits.durationSeconds,
  });
  return async (kind, userId, type) => {
    try {
      await limiter.consume(`${kind}:${userId}`);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new OAuthBindingError('too_many_attempts', type, {
          retryAfterMs: rejection.msBeforeNext,
        });
      }
      throw new OAuthBindingError('cache_unavailable', type, { cause: rejection });
    }
  };
}
