import jwt from 'jsonwebtoken';
import { createSecretKey } from 'node:crypto';
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
 * Session tokens of the mini-program: JWTs (HS256 only, `sub` = user id, `iat`, `exp`) signed with
 * JWT_SECRET, plus the app and openid they were issued for and `bat`, when the binding they rely on
 * was made. The signature is checked here; whether that binding still stands is the reader's
 * check (me.ts), so a token issued before an unbind does not come back to life when the same
 * WeChat is bound again.
 */
export function createSessionTokens({
  secret,
  expiresInSeconds,
}: {
  secret: string;
  expiresInSeconds: number;
}) {
  // jsonwebtoken turns a string secret into a key on every call, first trying it as a PEM public
  // key (an OpenSSL parse that fails and throws): a third of GET /accounts/me's CPU. Made once here.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
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
      const createdAt = Math.floor(Date.now() / 1000);
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
      let payload: jwt.JwtPayload | string;
      try {
        payload = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
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
      return {
        userId: payload.sub,
        appId: payload.aid,
        openid: payload.openid,
        boundAt: payload.bat,
        issuedAt: payload.iat,
        expiresAt: payload.exp,
      };
    },
  };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
