import type Router from '@koa/router';
import { ADMINISTRATOR_ROUTES } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import type { OAuthBindingService } from '../../libraries/oauth-binding';
import { authenticatedUser } from './request-context';
import { ok } from './reply';

/**
 * `GET /api/administrator/user/oauth-binding`, the call 02's own request example makes: the
 * user's bindings, `data: [{ type, nickname, avatar, boundAt }]`.
 */
export function registerListOAuthBindings(
  router: Router,
  service: OAuthBindingService,
  before: Middleware[],
): void {
  router.get(ADMINISTRATOR_ROUTES.listOAuthBindings.path, ...before, async (ctx) => {
    ok(ctx, await service.list(authenticatedUser(ctx)));
  });
}
