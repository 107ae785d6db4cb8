import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { MiniProgramSettings } from '../../config';
import type { Redis } from '../../redis/create-redis';
import { miniProgramErrors } from './errors';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** One limiter applied to one key, and what to tell the client when it says no. */
interface LimitCheck {
  limiter: RateLimiterRedis;
  key: string;
  refusal: (wait: string) => string;
  /** Given back when the action it guarded failed on our side (an SMS that could not be sent). */
  refundable?: boolean;
}

/** "45 秒", "3 分钟", "20 小时": the wait, rounded up, in the unit a person would use. */
export function describeWait(seconds: number): string {
  if (seconds <= 60) return `${seconds} 秒`;
  if (seconds <= HOUR) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.ceil(seconds / HOUR)} 小时`;
}

/**
 * Takes a point from each limiter in order. When one refuses, the points already taken are given
 * back (a refused request should not count against the other limits) and the refusal is a 429 that
 * says how long to wait. Any other failure (Redis away) propagates.
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
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw miniProgramErrors.tooManyRequests(check.refusal(describeWait(seconds)), seconds);
    }
  }
  return () => giveBack(taken.filter((check) => check.refundable));
}

export interface MiniProgramLimits {
  /**
   * Before an SMS goes out: per IP per hour, one per mobile per interval, per mobile per day.
   * Resolves to a refund that gives the mobile's points back when the SMS could not be sent.
   */
  beforeSms(input: { ip: string; mobile: string }): Promise<() => Promise<void>>;
  /** Before a code is checked (verify_code or phone_code): per IP per hour. */
  beforeCodeCheck(input: { ip: string }): Promise<void>;
}

/**
 * The limits of the mini-program flow, in Redis through rate-limiter-flexible so every instance
 * counts together. Windows are fixed from the first point (the day is a rolling 24 hours from the
 * first send), as rate-limiter-flexible keeps them.
 */
export function createMiniProgramLimits(
  redis: Redis,
  settings: MiniProgramSettings,
): MiniProgramLimits {
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration });
  const smsPerIp = limiter('wxa:limit:sms-ip', settings.smsHourlyLimitPerIp, HOUR);
  const smsInterval = limiter('wxa:limit:sms-interval', 1, settings.smsResendIntervalSeconds);
  const smsPerDay = limiter('wxa:limit:sms-day', settings.smsDailyLimitPerMobile, DAY);
  const checksPerIp = limiter('wxa:limit:check-ip', settings.bindHourlyLimitPerIp, HOUR);

  return {
    async beforeSms({ ip, mobile }) {
      // The IP's point stays taken even if the send fails: it caps calls, not messages.
      return consumeAll([
        {
          limiter: smsPerIp,
          key: ip,
          refusal: (wait) => `请求验证码过于频繁，请 ${wait}后再试`,
        },
        {
          limiter: smsInterval,
          key: mobile,
          refusal: (wait) => `验证码发送过于频繁，请 ${wait}后再试`,
          refundable: true,
        },
        {
          limiter: smsPerDay,
          key: mobile,
          refusal: (wait) => `该手机号今日获取验证码次数已达上限，请 ${wait}后再试`,
          refundable: true,
        },
      ]);
    },
    async beforeCodeCheck({ ip }) {
      await consumeAll([
        { limiter: checksPerIp, key: ip, refusal: (wait) => `尝试次数过多，请 ${wait}后再试` },
      ]);
    },
  };
}
