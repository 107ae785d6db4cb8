import type Router from '@koa/router';
import { ADMINISTRATOR_MESSAGES, ADMINISTRATOR_ROUTES } from '@wechat-bind/dto';
import type { Middleware } from 'koa';
import type { OAuthBindingService, OAuthBindingType } from '../../libraries/oauth-binding';
import { administratorGuard } from './guard';
import { auditContextOf, authenticatedUser } from './request-context';
import { typeParamSchema, updateBodySchema } from './schemas';
import { ok } from './reply';

/**
 * 03: `PUT /api/administrator/user/oauth-binding/{type}` `{ state }`: `true` unbinds
 * (`data: "操作成功"`, also when nothing was bound: a double click is not an error), `false`
 * answers the provider's authorize URL with a fresh state (for a user who has an account of the
 * type, 重新获取绑定: the POST that follows replaces it).
 */
export function registerUpdateOAuthBinding(
  router: Router,
  service: OAuthBindingService,
  before: Middleware[],
): void {
  router.put(
    ADMINISTRATOR_ROUTES.updateOAuthBinding.path,
    ...before,
    administratorGuard({ params: typeParamSchema, body: updateBodySchema }),
    async (ctx) => {
      const { params, body } = ctx.state.guarded as {
        params: { type: OAuthBindingType };
        body: { state: boolean };
      };
      const userId = authenticatedUser(ctx);
      if (body.state) {
        await service.unbind({ userId, type: params.type, audit: auditContextOf(ctx) });
        ok(ctx, ADMINISTRATOR_MESSAGES.done);
        return;
      }
      ok(ctx, await service.startBinding({ userId, type: params.type }));
    },
  );
}
