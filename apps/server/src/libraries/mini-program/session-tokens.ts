import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { createHash, createSecretKey } from 'node:crypto';
import { isUuid } from '../ids';
import { MiniProgramError } from './errors';

/** What a mini-program session token says, once verified. */
export interface SessionClaims {
  userId: string;
  appId: string;
  openid: string;
  /**
   * When the binding the token was issued under was made (`external_accounts.bound_at`, Unix
   * milliseconds): the token holds only while the identity is still bound by that same binding.
   */
  boundAt: number;
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

export interface IssuedToken {
  token: string;
  /** Unix seconds: the JWT's `iat`. */
  createdAt: number;
  /** Seconds from `createdAt` until the token stops working. */
  expiration: number;
}

// Bind the tokens to this service and this dialect, so a JWT made with the same secret for any
// other purpose is not accepted here.
const ISSUER = 'wechat-bind';
const AUDIENCE = 'wechat-bind:accounts';

/**
 * How many verified tokens each process remembers (a few hundred bytes each). A signed-in client
 * sends the same token with every request until it expires; a token beyond the most recent this
 * many is verified again, as if the cache were not there.
 */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Session tokens of the mini-program: JWTs (HS256 only, `sub` = user id, `iat`, `exp`) signed with
 * JWT_SECRET, plus the app and openid they were issued for and `bat`, when the binding they rely on
 * was made. The signature is checked here; whether that binding still stands is the reader's
 * check (me.ts), so a token issued before an unbind does not come back to life when the same
 * WeChat is bound again.
 */
export function createSessionTokens({
  secret,
  expiresInSeconds,
  cacheSize = VERIFIED_TOKEN_CACHE_SIZE,
  now = () => Date.now(),
}: {
  secret: string;
  expiresInSeconds: number;
  /** Default VERIFIED_TOKEN_CACHE_SIZE; tests lower it to see a token leave the cache. */
  cacheSize?: number;
  /** The clock in ms; tests move it past a token's expiry. */
  now?: () => number;
}) {
  // jsonwebtoken turns a string secret into a key on every call, first trying it as a PEM public
  // key (an OpenSSL parse that fails and throws): a third of GET /accounts/me's CPU. Made once here.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // Verifying a token is a pure function of the token, the secret and the clock, and this secret
  // lives as long as the process: the claims of a token verified once are the answer for as long
  // as it has not expired, and only the expiry needs checking again. The cache is keyed by the
  // token's SHA-256, so the process's memory holds no usable token and a lookup's timing says
  // nothing about one; a token that failed is never kept, so a forger fills nothing.
  const verified = new LRUCache<string, SessionClaims>({ max: cacheSize });
  const seconds = () => Math.floor(now() / 1000);

  function verifySignature(token: string, clockTimestamp: number): SessionClaims {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp,
      });
    } catch {
      throw new MiniProgramError('token_invalid');
    }
    if (
      typeof payload !== 'object' ||
      typeof payload.sub !== 'string' ||
      !isUuid(payload.sub) ||
      typeof payload.aid !== 'string' ||
      typeof payload.openid !== 'string' ||
      // A token from before `bat` existed cannot say which binding it relies on.
      typeof payload.bat !== 'number' ||
      typeof payload.iat !== 'number' ||
      typeof payload.exp !== 'number'
    ) {
      throw new MiniProgramError('token_invalid');
    }
    return Object.freeze({
      userId: payload.sub,
      appId: payload.aid,
      openid: payload.openid,
      boundAt: payload.bat,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
    });
  }

  return {
    issue({
      userId,
      appId,
      openid,
      boundAt,
    }: {
      userId: string;
      appId: string;
      openid: string;
      /** `bound_at` of the identity's binding to `userId`. */
      boundAt: Date;
    }) {
      const createdAt = seconds();
      const claims = { iat: createdAt, aid: appId, openid, bat: boundAt.getTime() };
      const token = jwt.sign(claims, key, {
        algorithm: 'HS256',
        subject: userId,
        expiresIn: expiresInSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      return { token, createdAt, expiration: expiresInSeconds } satisfies IssuedToken;
    },

    /** The claims of a valid token, or `token_invalid`. */
    verify(token: string): SessionClaims {
      const clockTimestamp = seconds();
      const digest = createHash('sha256').update(token).digest('base64');
      const known = verified.get(digest);
      if (known) {
        // jsonwebtoken's own rule: a token is expired from its `exp` second on.
        if (clockTimestamp < known.expiresAt) return known;
        verified.delete(digest);
        throw new MiniProgramError('token_invalid');
      }
      const claims = verifySignature(token, clockTimestamp);
      verified.set(digest, claims);
      return claims;
    },
  };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
