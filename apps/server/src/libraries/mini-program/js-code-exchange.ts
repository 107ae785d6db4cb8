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
  async function readResult(resultKey: string): Promise<StoredExchange | undefined> {
    const sealed = await redis.get(resultKey);
    if (sealed === null) return undefined;
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
      const stored = await readResult(resultKey);
      if (stored) return reuse(stored, fingerprint);

      const owner = randomBytes(16).toString('hex');
      if ((await redis.set(lockKey, owner, 'PX', lockTtlMs, 'NX')) === 'OK') {
        try {
          // The holder before us may have finished between our read and our lock.
          const late = await readResult(resultKey);
          if (late) return reuse(late, fingerprint);
          let session: Code2Session;
          try {
            session = await code2Session(wechat, {
              appId: app.appId,
              secret: app.secret,
              jsCode,
            });
          } catch (error) {
            throw translateCode2SessionFailure(error);
          }
          const value = secretBox.seal(JSON.stringify({ fingerprint, session }));
          await redis.set(resultKey, value, 'PX', resultTtlMs);
          return session;
        } finally {
          await redis.eval(RELEASE_LOCK, 1, lockKey, owner);
        }
      }
      // Another request is exchanging this code: wait for its result. If it fails, its lock goes
      // and the next loop exchanges the code again, so the repeat gets WeChat's own answer.
      if (Date.now() > deadline) throw new MiniProgramError('wechat_unavailable');
      await sleep(pollIntervalMs);
    }
  };
}

export type JsCodeExchange = ReturnType<typeof createJsCodeExchange>;
