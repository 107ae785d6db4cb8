import type Router from '@koa/router';
import { ADMINISTRATOR_MESSAGES, ADMINISTRATOR_ROUTES } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import type { OAuthBindingService } from '../../libraries/oauth-binding';
import { administratorGuard } from './guard';
import type { CreateBody } from './schemas';
import { createBodySchema } from './schemas';
import { auditContextOf, authenticatedUser } from './request-context';
import { ok } from './reply';

/**
 * 02: `POST /api/administrator/user/oauth-binding` `{ type, code, state }` binds the account the
 * provider vouches for: `data: "绑定成功"`, the same when it was already this user's, and when a
 * rebind's state replaced the user's previous account of the type.
 */
export function registerCreateOAuthBinding(
  router: Router,
  service: OAuthBindingService,
  before: Middleware[],
): void {
  router.post(
    ADMINISTRATOR_ROUTES.createOAuthBinding.path,
    ...before,
    administratorGuard({ body: createBodySchema }),
    async (ctx) => {
      const body = (ctx.state.guarded as { body: CreateBody }).body;
      await service.completeBinding({
        userId: authenticatedUser(ctx),
        type: body.type,
        // The schema makes sure one of them is there.
        code: (body.code ?? body.authCode)!,
        state: body.state,
        audit: auditContextOf(ctx),
      });
      ok(ctx, ADMINISTRATOR_MESSAGES.bound);
    },
  );
}
