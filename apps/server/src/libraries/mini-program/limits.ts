import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { MiniProgramSettings } from '../../config';
import type { Redis } from '../../redis/create-redis';
import { sha256Hex } from '../token-hash';
import type { MiniProgramLimit } from './errors';
import { MiniProgramError } from './errors';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** One limiter applied to one key, and which limit it is when it says no. */
interface LimitCheck {
  limiter: RateLimiterRedis;
  key: string;
  limit: MiniProgramLimit;
  /** Given back when the action it guarded failed on our side (an SMS that could not be sent). */
  refundable?: boolean;
}

/**
 * Takes a point from each limiter in order. When one refuses, the points already taken are given
 * back (a refused request should not count against the other limits) and the refusal is
 * `too_many_requests`, naming the limit and how long to wait. Any other failure (Redis away)
 * propagates.
 */
async function consumeAll(checks: LimitCheck[]): Promise<() => Promise<void>> {
  const taken: LimitCheck[] = [];
  const giveBack = (list: LimitCheck[]) =>
    Promise.all(list.map(({ limiter, key }) => limiter.reward(key, 1))).then(() => undefined);
  for (const check of checks) {
    try {
      await check.limiter.consume(check.key);
      taken.push(check);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      await giveBack(taken);
      throw new MiniProgramError('too_many_requests', {
        limit: check.limit,
        retryAfterMs: error.msBeforeNext,
      });
    }
  }
  return () => giveBack(taken.filter((check) => check.refundable));
}

export interface MiniProgramLimits {
  /**
   * After a request failed to prove its session: counts it against the address, and turns the
   * answer into `too_many_requests` once the address has failed WXA_SESSION_FAILURES_PER_IP times this hour.
   */
  afterSessionFailure(input: { ip: string }): Promise<void>;
  /**
   * Before an SMS goes out, for a requester (appId + openid) that proved its session: per address,
   * per requester, per openid + mobile (interval and day), and per mobile (the global ceiling).
   * Resolves to a refund that gives back every point but the address's when the SMS could not be
   * sent.
   */
  beforeSms(input: {
    ip: string;
    appId: string;
    openid: string;
    mobile: string;
  }): Promise<() => Promise<void>>;
  /** Before a code is checked (verify_code or phone_code): per IP per hour. */
  beforeCodeCheck(input: { ip: string }): Promise<void>;
}

/**
 * The limits of the mini-program flow, in Redis through rate-limiter-flexible so every instance
 * counts together. Windows are fixed from the first point (the day is a rolling 24 hours from the
 * first send), as rate-limiter-flexible keeps them.
 *
 * They are keyed so that nobody can spend someone else's allowance: the tight SMS limits belong to
 * the requester that proved its session (per requester, per requester + mobile), never to the
 * mobile alone, which anyone can name. What is left per mobile is a higher ceiling that protects
 * the phone from being flooded; reaching it takes many WeChat identities, each with its own
 * session and its own hourly limit. Per address, failed session proofs are counted apart from
 * the requests that succeed, so bogus requests from a shared address block no honest requester.
 */
export function createMiniProgramLimits(
  redis: Redis,
  settings: MiniProgramSettings,
): MiniProgramLimits {
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
  const sessionFailuresPerIp = limiter(
    'wxa:limit:session-failure-ip',
    settings.sessionFailuresHourlyPerIp,
    HOUR,
  );
  const smsPerIp = limiter('wxa:limit:sms-ip', settings.smsHourlyLimitPerIp, HOUR);
  const smsPerRequester = limiter(
    'wxa:limit:sms-requester',
    settings.smsHourlyLimitPerRequester,
    HOUR,
  );
  const smsInterval = limiter('wxa:limit:sms-interval', 1, settings.smsResendIntervalSeconds);
  const smsPerOpenidMobile = limiter(
    'wxa:limit:sms-openid-day',
    settings.smsDailyLimitPerOpenidMobile,
    DAY,
  );
  const smsPerMobile = limiter('wxa:limit:sms-day', settings.smsDailyLimitPerMobile, DAY);
  const checksPerIp = limiter('wxa:limit:check-ip', settings.bindHourlyLimitPerIp, HOUR);

  return {
    async afterSessionFailure({ ip }) {
      await consumeAll([{ limiter: sessionFailuresPerIp, key: ip, limit: 'attempts' }]);
    },
    async beforeSms({ ip, appId, openid, mobile }) {
      const requester = `${appId}:${openid}`;
      // Hashed: key names carry a mobile only where the mobile alone is the key.
      const requesterMobile = sha256Hex(`${appId}\0${openid}\0${mobile}`);
      // The address's point stays taken even if the send fails: it caps calls, not messages.
      return consumeAll([
        { limiter: smsPerIp, key: ip, limit: 'sms_requests' },
        { limiter: smsPerRequester, key: requester, limit: 'sms_requests', refundable: true },
        { limiter: smsInterval, key: requesterMobile, limit: 'sms_interval', refundable: true },
        { limiter: smsPerOpenidMobile, key: requesterMobile, limit: 'sms_daily', refundable: true },
        { limiter: smsPerMobile, key: mobile, limit: 'sms_daily', refundable: true },
      ]);
    },
    async beforeCodeCheck({ ip }) {
      await consumeAll([{ limiter: checksPerIp, key: ip, limit: 'attempts' }]);
    },
  };
}
