import type { AccountsMeData } from '@wechat-bind/dto';
import type { Context, Middleware } from 'koa';
import type { MiniProgram } from '../../libraries/mini-program';

/**
 * The bearer JWT that wxa_authorize and wxa_bind_mobile issue, proven as GET /accounts/me proves
 * it, before anything of the request is read: a caller without it learns nothing about its input
 * and changes nothing.
 */
export function signedIn(miniProgram: MiniProgram): Middleware {
  return async (ctx, next) => {
    ctx.state.signedIn = await miniProgram.me(ctx.get('authorization') || undefined);
    await next();
  };
}

/** Who the route's `signedIn` step proved the caller is. */
export function signedInUser(ctx: Pick<Context, 'state'>): AccountsMeData {
  const user = ctx.state.signedIn as AccountsMeData | undefined;
  if (!user) throw new Error('accounts route reached without signing in');
  return user;
}
