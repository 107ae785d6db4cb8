import type Router from '@koa/router';
import type { RouterMiddleware } from '@koa/router';
import type { WxLinkRequest } from '@wechat-bind/dto';
import type { DefaultState } from 'koa';
import type { AppContext } from '../../app-context';
import type { LinkProof } from '../../libraries/account-linking';
import type { Logger } from '../../logger';
import { koaClientAppAuth } from '../../middleware/koa-client-app-auth';
import type { GuardedContext } from '../../middleware/koa-guard';
import { koaGuard } from '../../middleware/koa-guard';
import { clientMetadataOf } from './client-metadata-of';
import { accountInvalidInput } from './errors';
import {
  accountReply,
  appLinkBody,
  linkBody,
  signupBody,
  unlinkBody,
  verifyEmailParams,
  verifyEmailReply,
} from './schemas';

const unionIdOf = (ctx: { state: DefaultState }): string => ctx.state.unionId!;

/** Only an `app` key (one anyone can pull out of a client) must prove the email account itself. */
const needsPassword = (ctx: { state: DefaultState }) => ctx.state.accountCallerTrust === 'app';

/**
 * 04 WeChat and email account linking (api-docs/04-account-wx.md), finished where the document
 * stops as docs/account-linking.md records. The four `/wx*` endpoints first check who vouches for
 * the WeChat user (koaClientAppAuth: a client key, or a trusted gateway's network, then
 * X-Union-Id), then their input; the verification link needs no key, its token is the
 * credential. The rules live in libraries/account-linking.
 */
export function accountLinkingRoutes(router: Router, context: AppContext): void {
  const { models, logger, checkReplies } = context;
  const { accountLinking } = context.libraries;
  const auth = koaClientAppAuth(models, { gatewayNetworks: accountLinking.gatewayNetworks });
  const guardOptions = { onInvalid: accountInvalidInput, checkReplies };
  const logOf = (ctx: { state: DefaultState }): Logger => ctx.state.log ?? logger;

  router.get('/wx', auth, koaGuard({ response: accountReply }, guardOptions), async (ctx) => {
    ctx.body = await accountLinking.load(unionIdOf(ctx));
  });

  router.post(
    '/wx/signup',
    auth,
    koaGuard({ body: signupBody, response: accountReply }, guardOptions),
    async (ctx) => {
      ctx.body = await accountLinking.signup({
        ...ctx.guard.body,
        unionId: unionIdOf(ctx),
        client: clientMetadataOf(ctx),
        log: logOf(ctx),
      });
    },
  );

  // The original server answers a link with 204 and no body, and its clients count only a 204
  // as success; linking a pair already linked is 204 too, so a retried call succeeds.
  const guardTrustedLink = koaGuard({ body: linkBody }, guardOptions);
  const guardAppLink = koaGuard({ body: appLinkBody }, guardOptions);
  const guardLink: RouterMiddleware<
    DefaultState,
    GuardedContext<WxLinkRequest, undefined, undefined>
  > = (ctx, next) => (needsPassword(ctx) ? guardAppLink : guardTrustedLink)(ctx, next);
  router.post('/wx/link', auth, guardLink, async (ctx) => {
    const { userId, password } = ctx.guard.body;
    const proof: LinkProof = needsPassword(ctx)
      ? { kind: 'password', password: password! }
      : { kind: 'trusted' };
    await accountLinking.link({
      unionId: unionIdOf(ctx),
      userId,
      proof,
      client: clientMetadataOf(ctx),
    });
    ctx.status = 204;
  });

  router.post('/wx/unlink', auth, koaGuard({ body: unlinkBody }, guardOptions), async (ctx) => {
    const { userId, anchor } = ctx.guard.body;
    await accountLinking.unlink({
      unionId: unionIdOf(ctx),
      userId,
      anchor,
      client: clientMetadataOf(ctx),
    });
    ctx.status = 204;
  });

  // The link in the verification mail (or what the `sourceUrl` page calls).
  router.get(
    '/verify-email/:token',
    koaGuard({ params: verifyEmailParams, response: verifyEmailReply }, guardOptions),
    async (ctx) => {
      ctx.body = await accountLinking.verifyEmail({
        token: ctx.guard.params.token,
        client: { ip: ctx.ip || undefined, userAgent: ctx.get('user-agent') || undefined },
        log: logOf(ctx),
      });
    },
  );
}
