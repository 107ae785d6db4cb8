import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import type { Redis } from '../../redis/create-redis';
import { constantTimeEqualHex, sha256Hex } from '../token-hash';
import { MiniProgramError } from './errors';

/** Whom a code was sent for: it proves this mobile to this mini-program session, nothing else. */
export interface CodeOwner {
  appId: string;
  openid: string;
  mobile: string;
}

export interface VerificationCodesOptions {
  redis: Redis;
  /** DATA_KEY: a key for the code hashes is derived from it. */
  dataKey: Buffer;
  ttlSeconds: number;
  maxAttempts: number;
}

export interface VerificationCodes {
  /** A fresh random 6-digit code (not yet stored). */
  generate(): string;
  /** Keeps `code` for its owner, replacing any earlier one (and its count of wrong tries). */
  save(owner: CodeOwner, code: string): Promise<void>;
  /**
   * Spends the owner's code if `code` matches; otherwise counts a wrong try. Throws `验证码错误`
   * while tries remain and `验证码已失效` once the code is used, expired or burnt.
   */
  consume(owner: CodeOwner, code: string): Promise<void>;
}

// Takes one try, atomically: concurrent guesses cannot share a try. Answers nil when there is no
// code or its tries are spent (then it is deleted), else the stored hash and this try's number.
const TAKE_TRY = `
if redis.call('exists', KEYS[1]) == 0 then return nil end
local tries = redis.call('hincrby', KEYS[1], 'tries', 1)
if tries > tonumber(ARGV[1]) then
  redis.call('del', KEYS[1])
  return nil
end
return { redis.call('hget', KEYS[1], 'hash'), tries }`;

// Deletes the code only if it is still the one that was read: a code re-sent meanwhile survives,
// and of two requests spending the same code only one sees 1.
const DELETE_IF_SAME = `
if redis.call('hget', KEYS[1], 'hash') == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * SMS verification codes in Redis, one per owner. Only an HMAC of the code is stored: with a
 * million possible codes a plain hash would be reversed at once, the keyed one is not without
 * DATA_KEY. Each code allows `maxAttempts` tries in total; the key's TTL is its lifetime.
 */
export function createVerificationCodes({
  redis,
  dataKey,
  ttlSeconds,
  maxAttempts,
}: VerificationCodesOptions): VerificationCodes {
  const hmacKey = Buffer.from(hkdfSync('sha256', dataKey, '', 'wechat-bind verify-code', 32));
  const keyOf = ({ appId, openid, mobile }: CodeOwner) =>
    // Hashed so Redis key names carry no mobile numbers.
    `wxa:verify-code:${sha256Hex(`${appId}\0${openid}\0${mobile}`)}`;
  const hashOf = (owner: CodeOwner, code: string) =>
    createHmac('sha256', hmacKey)
      .update(`${owner.appId}\0${owner.openid}\0${owner.mobile}\0${code}`)
      .digest('hex');

  return {
    generate: () => randomInt(0, 1_000_000).toString().padStart(6, '0'),

    async save(owner, code) {
      const key = keyOf(owner);
      await redis
        .multi()
        .del(key)
        .hset(key, 'hash', hashOf(owner, code), 'tries', 0)
        .expire(key, ttlSeconds)
        .exec();
    },

    async consume(owner, code) {
      const key = keyOf(owner);
      const taken = (await redis.eval(TAKE_TRY, 1, key, maxAttempts)) as [string, number] | null;
      if (!taken) throw new MiniProgramError('verify_code_expired');
      const [storedHash, tries] = taken;
      if (constantTimeEqualHex(storedHash, hashOf(owner, code))) {
        const deleted = await redis.eval(DELETE_IF_SAME, 1, key, storedHash);
        if (deleted !== 1) throw new MiniProgramError('verify_code_expired');
        return;
      }
      // The last allowed try was wrong: the code is burnt now, not at the next try.
      if (Number(tries) >= maxAttempts) await redis.eval(DELETE_IF_SAME, 1, key, storedHash);
      throw new MiniProgramError('verify_code_wrong');
    },
  };
}
