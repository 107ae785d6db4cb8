import type Router from '@koa/router';
import type { VerifyEmailResponse } from '@wechat-bind/dto';
import { ACCOUNT_ERROR_MESSAGES } from '@wechat-bind/dto';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppDeps } from '../../app';
import { RequestError, httpErrors } from '../../errors/request-error';
import { verifyEmailToken } from '../../libraries/account-linking/email-verification';
import { NotFoundError } from '../../libraries/errors';

/**
 * Failed tries (unknown, spent or expired tokens) per client IP and window: a person clicks a
 * good link once or twice and never fails; guessing a 256-bit token needs more than forever.
 */
export const VERIFY_EMAIL_LIMIT = { points: 20, durationSeconds: 10 * 60 };

/**
 * GET /account/verify-email/:token, the link in the verification mail (or what the `sourceUrl`
 * page calls). It needs no key: the token is the credential (256 random bits, single use, 24 h).
 * Still, it checks a secret, so failed tries are limited in Redis (shared by every instance), as
 * failed Caa authentications are: keyed on the caller's address, never on the account or the
 * email, so nobody can lock someone else's verification out by failing on purpose; only failures
 * count, so clicking good links never uses the budget; and the limit is checked before the token
 * is looked at, so once over it even a right guess is refused (429 with Retry-After).
 */
export function mountVerifyEmailRoute(router: Router, deps: AppDeps): void {
  const failures = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'account-verify-email:failures',
    points: VERIFY_EMAIL_LIMIT.points,
    duration: VERIFY_EMAIL_LIMIT.durationSeconds,
  });

  router.get('/verify-email/:token', async (ctx) => {
    const address = ctx.ip || 'unknown';
    let record;
    try {
      record = await failures.get(address);
    } catch (error) {
      throw httpErrors.serviceUnavailable(error);
    }
    if (record && record.consumedPoints >= VERIFY_EMAIL_LIMIT.points) {
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(record.msBeforeNext / 1000))));
      throw new RequestError({
        code: 'rate_limited',
        status: 429,
        message: ACCOUNT_ERROR_MESSAGES.tooManyRequests,
      });
    }
    try {
      const { email } = await verifyEmailToken(deps, ctx.params.token ?? '', {
        client: { ip: ctx.ip || undefined, userAgent: ctx.get('user-agent') || undefined },
      });
      const body: VerifyEmailResponse = { email, isVerified: true };
      ctx.body = body;
    } catch (error) {
      if (error instanceof NotFoundError) {
        // The request is refused either way; only the count would be lost.
        await failures.penalty(address, 1).catch((countError: unknown) => {
          (ctx.state.log ?? deps.logger).warn(
            { err: countError },
            'could not count a failed email verification',
          );
        });
      }
      throw error;
    }
  });
}
