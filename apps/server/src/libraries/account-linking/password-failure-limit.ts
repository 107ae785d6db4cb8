import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Redis } from '../../redis/create-redis';
import { AccountRateLimitError } from './errors';

/**
 * Failed passwords allowed when a link proves the email account with its password (an `app` key).
 * Someone who knows their password gets it right within a few tries; guessing one needs far more
 * than either limit allows.
 *
 * - per email account *and* address: 5 in 15 minutes. Keyed on the pair, not on the account
 *   alone, so nobody can lock an account's owner out of linking by failing on purpose with it;
 * - per address: 20 in 15 minutes, across accounts, so one address cannot spray guesses at many.
 *
 * A guesser spread over many addresses still gets only 5 tries per address per account every
 * 15 minutes, each costing a scrypt hash on our side, and needs an `app` key (revocable) besides.
 */
export const LINK_PASSWORD_FAILURE_LIMIT = {
  perAccountAndAddress: 5,
  perAddress: 20,
  durationSeconds: 15 * 60,
};

export interface PasswordFailureLimit {
  /**
   * Refuses (AccountRateLimitError) a caller over either limit. Checked before the password is
   * looked at: once over, even the right password is refused, so guessing on gains nothing.
   */
  check(who: { userId: string; address: string }): Promise<void>;
  /** Counts one failed password against both keys. */
  count(who: { userId: string; address: string }): Promise<void>;
}

/** Counted in Redis, so every instance shares the counts; a Redis outage fails the request (503). */
export function createPasswordFailureLimit(redis: Redis): PasswordFailureLimit {
  const { perAccountAndAddress, perAddress, durationSeconds } = LINK_PASSWORD_FAILURE_LIMIT;
  const byPair = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'account-link-password:pair',
    points: perAccountAndAddress,
    duration: durationSeconds,
  });
  const byAddress = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'account-link-password:address',
    points: perAddress,
    duration: durationSeconds,
  });
  const pairKey = ({ userId, address }: { userId: string; address: string }) =>
    `${userId}|${address}`;

  return {
    async check(who) {
      const [pair, address] = await Promise.all([
        byPair.get(pairKey(who)),
        byAddress.get(who.address),
      ]);
      const over = [
        pair && pair.consumedPoints >= perAccountAndAddress ? pair : null,
        address && address.consumedPoints >= perAddress ? address : null,
      ].filter((record) => record !== null);
      if (over.length > 0) {
        throw new AccountRateLimitError(Math.max(...over.map((record) => record.msBeforeNext)));
      }
    },
    async count(who) {
      await Promise.all([byPair.penalty(pairKey(who), 1), byAddress.penalty(who.address, 1)]);
    },
  };
}
