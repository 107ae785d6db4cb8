import type Router from '@koa/router';
import type { UnlinkAnchor } from '@wechat-bind/dto';
import type { Context, Middleware } from 'koa';
import type { AppDeps } from '../../app';
import { RequestError } from '../../errors/request-error';
import type { LinkProof } from '../../libraries/account-linking/link';
import { linkWechatAccount } from '../../libraries/account-linking/link';
import { loadAccount } from '../../libraries/account-linking/load-account';
import { createPasswordFailureLimit } from '../../libraries/account-linking/password-failure-limit';
import { signupWithWechat } from '../../libraries/account-linking/signup';
import { unlinkWechatAccount } from '../../libraries/account-linking/unlink';
import { verificationSource } from '../../libraries/account-linking/verification-origins';
import { koaGuard } from '../../middleware/koa-guard';
import { accountInvalidInput } from './errors';
import { appLinkBody, linkBody, signupBody, unlinkBody } from './schemas';
import { clientMetadataOf } from './client-metadata-of';

const bodyOf = <T>(ctx: Context): T => ctx.state.guarded?.body as T;
const unionIdOf = (ctx: Context): string => ctx.state.unionId!;
/** Only an `app` key (one anyone can pull out of a client) must prove the email account itself. */
const needsPassword = (ctx: Context) => ctx.state.accountCallerTrust === 'app';

/**
 * The four `/account/wx*` endpoints of 04. `auth` (koaClientAppAuth) runs first on each: a client
 * key (or a trusted gateway's network), then X-Union-Id. The rules live in
 * libraries/account-linking.
 */
export function mountWxAccountRoutes(router: Router, deps: AppDeps, auth: Middleware): void {
  const { sequelize, models, secretBox, config } = deps;
  const passwordFailures = createPasswordFailureLimit(deps.redis);
  const guardLink = koaGuard({ body: linkBody }, accountInvalidInput);
  const guardAppLink = koaGuard({ body: appLinkBody }, accountInvalidInput);

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
      const source = verificationSource(body.sourceUrl, config.verifyEmailOrigins);
      if (source.ignoredOrigin) {
        (ctx.state.log ?? deps.logger).warn(
          { origin: source.ignoredOrigin, clientAppId: ctx.state.clientAppId },
          'signup sourceUrl outside VERIFY_EMAIL_ORIGINS ignored; the default verification link is used',
        );
      }
      ctx.body = await signupWithWechat(
        { sequelize, models, secretBox, publicUrl: config.publicUrl },
        {
          ...body,
          sourceUrl: source.sourceUrl,
          unionId: unionIdOf(ctx),
          client: clientMetadataOf(ctx),
        },
      );
    },
  );

  // The original server answers a link with 204 and no body, and its clients count only a 204
  // as success; linking a pair already linked is 204 too, so a retried call succeeds.
  router.post(
    '/wx/link',
    auth,
    (ctx, next) => (needsPassword(ctx) ? guardAppLink : guardLink)(ctx, next),
    async (ctx) => {
      const { userId, password } = bodyOf<{ userId: string; password?: string }>(ctx);
      const proof: LinkProof = needsPassword(ctx)
        ? { kind: 'password', password: password! }
        : { kind: 'trusted' };
      await linkWechatAccount(
        { sequelize, models, passwordFailures },
        { unionId: unionIdOf(ctx), userId, proof, client: clientMetadataOf(ctx) },
      );
      ctx.status = 204;
    },
  );

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
