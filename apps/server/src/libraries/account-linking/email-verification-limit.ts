import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Redis } from '../../redis/create-redis';
import { AccountRateLimitError } from './errors';

/**
 * Failed tries (unknown, spent or expired tokens) per client IP and window: a person clicks a
 * good link once or twice and never fails; guessing a 256-bit token needs more than forever.
 */
export const VERIFY_EMAIL_LIMIT = { points: 20, durationSeconds: 10 * 60 };

export interface EmailVerificationLimit {
  /**
   * Refuses (AccountRateLimitError) an address over the limit. Checked before the token is looked
   * at, so once over it even a right guess is refused.
   */
  check(address: string): Promise<void>;
  /** Counts one failed try against the address. */
  count(address: string): Promise<void>;
}

/**
 * Counted in Redis, so every instance shares the counts, as failed Caa authentications are: keyed
 * on the caller's address, never on the account or the email, so nobody can lock someone else's
 * verification out by failing on purpose. A Redis outage fails the request (503).
 */
export function createEmailVerificationLimit(redis: Redis): EmailVerificationLimit {
  const failures = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'account-verify-email:failures',
    points: VERIFY_EMAIL_LIMIT.points,
    duration: VERIFY_EMAIL_LIMIT.durationSeconds,
  });
  return {
    async check(address) {
      const record = await failures.get(address);
      if (record && record.consumedPoints >= VERIFY_EMAIL_LIMIT.points) {
        throw new AccountRateLimitError(record.msBeforeNext, 'too many failed email verifications');
      }
    },
    async count(address) {
      await failures.penalty(address, 1);
    },
  };
}
