import type Router from '@koa/router';
import type { VerifyEmailResponse } from '@wechat-bind/dto';
import { ACCOUNT_ERROR_MESSAGES } from '@wechat-bind/dto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppDeps } from '../../app';
import { RequestError, httpErrors } from '../../errors/request-error';
import { verifyEmailToken } from '../../libraries/account-linking/email-verification';

/** Attempts per client IP and window: a person clicks once or twice; a scanner needs thousands. */
export const VERIFY_EMAIL_LIMIT = { points: 20, durationSeconds: 10 * 60 };

/**
 * GET /account/verify-email/:token, the link in the verification mail (or what the `sourceUrl`
 * page calls). It needs no key: the token is the credential (256 random bits, single use, 24 h).
 * Still, it checks a secret, so tries are limited per IP in Redis (shared by every instance),
 * counted before the token is even looked at; over the limit: 429 with Retry-After.
 */
export function mountVerifyEmailRoute(router: Router, deps: AppDeps): void {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'account-verify-email',
    points: VERIFY_EMAIL_LIMIT.points,
    duration: VERIFY_EMAIL_LIMIT.durationSeconds,
  });

  router.get('/verify-email/:token', async (ctx) => {
    try {
      await limiter.consume(ctx.ip || 'unknown');
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw httpErrors.serviceUnavailable(rejection);
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw new RequestError({
        code: 'rate_limited',
        status: 429,
        message: ACCOUNT_ERROR_MESSAGES.tooManyRequests,
      });
    }
    const { email } = await verifyEmailToken(deps, ctx.params.token ?? '', {
      client: { ip: ctx.ip || undefined, userAgent: ctx.get('user-agent') || undefined },
    });
    const body: VerifyEmailResponse = { email, isVerified: true };
    ctx.body = body;
  });
}
