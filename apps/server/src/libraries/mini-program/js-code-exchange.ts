import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MiniProgramApp } from '../../config';
import type { Code2Session } from '../../providers/wechat/code2session';
import { code2Session } from '../../providers/wechat/code2session';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Redis } from '../../redis/create-redis';
import type { SecretBox } from '../secret-box';
import { constantTimeEqualHex, sha256Hex } from '../token-hash';
import { MiniProgramError } from './errors';
import { translateCode2SessionFailure } from './wechat-failures';

export interface JsCodeExchangeOptions {
  redis: Redis;
  secretBox: SecretBox;
  wechat: WechatApi;
  /** Longer than one code2session call with its retry on -1. */
  lockTtlMs?: number;
  /** How long a repeated request may reuse the first one's result. */
  resultTtlMs?: number;
  pollIntervalMs?: number;
}

export interface JsCodeExchangeRequest {
  app: MiniProgramApp;
  jsCode: string;
  /** Identifies the rest of the request (encrypted_data, iv): only an identical repeat shares a result. */
  fingerprint: string;
}

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One round trip: the result if there is one, else the lock if it is free. Atomic, so a holder
 * cannot finish between the look and the lock.
 */
const CLAIM = `local stored = redis.call('get', KEYS[1])
if stored then return {'result', stored} end
if redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return {'lock'} end
return {'wait'}`;

/** One round trip: the result kept for the repeats, and our lock let go. */
const STORE_AND_RELEASE = `redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('get', KEYS[2]) == ARGV[3] then redis.call('del', KEYS[2]) end
return 1`;

interface StoredExchange {
  fingerprint: string;
  session: Code2Session;
}

/**
 * code2session, at most once per js_code across every instance. A double-tapped button sends the
 * same request twice at once; WeChat accepts a code once, so the second exchange would fail with
 * codeUsed. Instead the first request takes a Redis lock named after the code's hash, exchanges it and
 * leaves the result (sealed: it holds the session_key) for `resultTtlMs`; a repeat waits for it and
 * continues with it. Only an identical repeat does: the same code with other encrypted data is
 * refused as a used code, so a code seen in transit is no use without the rest of the request.
 */
export function createJsCodeExchange({
  redis,
  secretBox,
  wechat,
  lockTtlMs = 15_000,
  resultTtlMs = 10_000,
  pollIntervalMs = 50,
}: JsCodeExchangeOptions) {
  function openResult(sealed: string): StoredExchange | undefined {
    try {
      return JSON.parse(secretBox.open(sealed)) as StoredExchange;
    } catch {
      return undefined;
    }
  }

  function reuse(stored: StoredExchange, fingerprint: string): Code2Session {
    if (!constantTimeEqualHex(stored.fingerprint, fingerprint))
      throw new MiniProgramError('js_code_used');
    return stored.session;
  }

  return async function exchange({
    app,
    jsCode,
    fingerprint,
  }: JsCodeExchangeRequest): Promise<Code2Session> {
    // The result and its lock share a hash tag: on a Redis Cluster they live in one slot.
    const base = `wxa:js-code:{${sha256Hex(`${app.appId}\0${jsCode}`)}}`;
    const resultKey = `${base}:result`;
    const lockKey = `${base}:lock`;
    const deadline = Date.now() + lockTtlMs + 5_000;
    for (;;) {
      const owner = randomBytes(16).toString('hex');
      const [claim, sealed] = (await redis.eval(
        CLAIM,
        2,
        resultKey,
        lockKey,
        owner,
        String(lockTtlMs),
      )) as [string, string?];
      if (claim === 'result') {
        // A result that cannot be opened (sealed under an earlier DATA_KEY) still means WeChat
        // has taken the code: exchanging it again could only be refused.
        const stored = openResult(sealed!);
        if (!stored) throw new MiniProgramError('js_code_used');
        return reuse(stored, fingerprint);
      }

      if (claim === 'lock') {
        let session: Code2Session;
        try {
          session = await code2Session(wechat, { appId: app.appId, secret: app.secret, jsCode });
        } catch (error) {
          await redis.eval(RELEASE_LOCK, 1, lockKey, owner);
          throw translateCode2SessionFailure(error);
        }
        const value = secretBox.seal(JSON.stringify({ fingerprint, session }));
        await redis.eval(
          STORE_AND_RELEASE,
          2,
          resultKey,
          lockKey,
          value,
          String(resultTtlMs),
          owner,
        );
        return session;
      }
      // Another request is exchanging this code: wait for its result. If it fails, its lock goes
      // and the next loop exchanges the code again, so the repeat gets WeChat's own answer.
      if (Date.now() > deadline) throw new MiniProgramError('wechat_unavailable');
      await sleep(pollIntervalMs);
    }
  };
}

export type JsCodeExchange = ReturnType<typeof createJsCodeExchange>;
