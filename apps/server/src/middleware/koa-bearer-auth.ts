import type { Middleware } from 'koa';
import type { RequestError } from '../errors/request-error';
import { authenticatePersonalAccessToken } from '../libraries/personal-access-tokens';
import type { Models } from '../store/models';

/** The personal access token a request was authenticated with. */
export interface PersonalAccessTokenAuth {
  userId: string;
  /** The token's id (the part before `|`), for audit rows; never the secret. */
  tokenId: string;
}

declare module 'koa' {
  interface DefaultState {
    /** Set by koaBearerAuth once the request's personal access token checks out. */
    personalAccessToken?: PersonalAccessTokenAuth;
  }
}

/** `Bearer <token>`: the scheme in any case (RFC 9110), then the token with no spaces in it. */
const bearerPattern = /^Bearer +(\S+)$/i;

/**
 * `Authorization: Bearer <id>|<secret>` (a personal access token). Every refusal (no header,
 * another scheme, a malformed, unknown, wrong, revoked or expired token) gets the same error
 * from `onUnauthenticated`, so a caller learns nothing about which part was wrong; the reply
 * carries `WWW-Authenticate: Bearer`, as a 401 should.
 */
export function koaBearerAuth(
  models: Models,
  onUnauthenticated: () => RequestError,
  now: () => Date = () => new Date(),
): Middleware {
  return async (ctx, next) => {
    const token = bearerPattern.exec(ctx.get('authorization'))?.[1];
    const userId =
      token === undefined ? null : await authenticatePersonalAccessToken(models, token, now());
    if (userId === null || token === undefined) {
      throw onUnauthenticated().withHeader('WWW-Authenticate', 'Bearer');
    }
    ctx.state.personalAccessToken = { userId, tokenId: token.slice(0, token.indexOf('|')) };
    await next();
  };
}
