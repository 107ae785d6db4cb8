import type Router from '@koa/router';
import type { UnlinkAnchor } from '@wechat-bind/dto';
import type { Context, Middleware } from 'koa';
import type { AppDeps } from '../../app';
import { RequestError } from '../../errors/request-error';
import { linkWechatAccount } from '../../libraries/account-linking/link';
import { loadAccount } from '../../libraries/account-linking/load-account';
import { signupWithWechat } from '../../libraries/account-linking/signup';
import { unlinkWechatAccount } from '../../libraries/account-linking/unlink';
import { koaGuard } from '../../middleware/koa-guard';
import { accountInvalidInput } from './account-errors';
import { linkBody, signupBody, unlinkBody } from './account-schemas';
import { clientMetadataOf } from './client-metadata-of';

const bodyOf = <T>(ctx: Context): T => ctx.state.guarded?.body as T;
const unionIdOf = (ctx: Context): string => ctx.state.unionId!;

/**
 * The four `/account/wx*` endpoints of 04. `auth` (koaClientAppAuth) runs first on each: a
 * trusted client key, then X-Union-Id. The rules live in libraries/account-linking.
 */
export function mountWxAccountRoutes(router: Router, deps: AppDeps, auth: Middleware): void {
  const { sequelize, models, secretBox } = deps;

  router.get('/wx', auth, async (ctx) => {
    const account = await loadAccount(models, unionIdOf(ctx));
    if (!account) throw new RequestError({ code: 'not_found', status: 404 });
    ctx.body = account;
  });

  router.post(
    '/wx/signup',
    auth,
    koaGuard({ body: signupBody }, accountInvalidInput),
    async (ctx) => {
      const body = bodyOf<{ email: string; password: string; sourceUrl?: string }>(ctx);
      ctx.body = await signupWithWechat(
        { sequelize, models, secretBox, publicUrl: deps.config.publicUrl },
        { ...body, unionId: unionIdOf(ctx), client: clientMetadataOf(ctx) },
      );
    },
  );

  router.post('/wx/link', auth, koaGuard({ body: linkBody }, accountInvalidInput), async (ctx) => {
    const { userId } = bodyOf<{ userId: string }>(ctx);
    ctx.body = await linkWechatAccount(
      { sequelize, models },
      { unionId: unionIdOf(ctx), userId, client: clientMetadataOf(ctx) },
    );
  });

  router.post(
    '/wx/unlink',
    auth,
    koaGuard({ body: unlinkBody }, accountInvalidInput),
    async (ctx) => {
      const { userId, anchor } = bodyOf<{ userId: string; anchor?: UnlinkAnchor }>(ctx);
      await unlinkWechatAccount(
        { sequelize, models },
        { unionId: unionIdOf(ctx), userId, anchor, client: clientMetadataOf(ctx) },
      );
      ctx.status = 204;
    },
  );
}
