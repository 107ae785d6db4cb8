import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { WechatApp } from '../../control/types';
import { consentErrorPage, consentPage } from '../../http/consent-page';
import { browserParam } from '../../http/params';
import { withQuery } from '../../http/redirect-uri';
import type { SandboxState } from '../../state/sandbox-state';
import { mintOauthCode } from '../../wechat/oauth-codes';

/** Where one of WeChat's browser sign-in pages lives, and the scopes it takes. */
export interface WechatConsentFlow {
  /** The page WeChat shows (`/connect/qrconnect`, `/connect/oauth2/authorize`). */
  pagePath: string;
  /** Where its consent form posts. */
  authorizePath: string;
  /** The scope the code is minted with, from the link's `scope`; a string says what is wrong. */
  scopeOf(scope: string | undefined): { scope: string } | string;
}

interface ConsentRequest {
  app: WechatApp;
  redirectUri: string;
  scope: string;
  state: string | undefined;
}

/**
 * A WeChat browser sign-in page and its consent form. The user is picked from a list. Allowing
 * redirects to `redirect_uri?code=…&state=…`; refusing to `redirect_uri?state=…`, as WeChat's
 * guides describe for both the website QR login and the official account's web authorisation.
 */
export function registerWechatConsentFlow(
  router: Router,
  state: SandboxState,
  flow: WechatConsentFlow,
): void {
  router.get(flow.pagePath, (ctx) => {
    const request = readRequest(ctx, state, flow);
    if (typeof request === 'string') return fail(ctx, request);
    ctx.type = 'text/html';
    ctx.body = consentPage({
      provider: 'WeChat',
      appName: request.app.name,
      action: flow.authorizePath,
      hidden: {
        appid: request.app.appid,
        redirect_uri: request.redirectUri,
        response_type: 'code',
        scope: request.scope,
        state: request.state,
      },
      users: state.wechatUsers
        .list()
        .map((user) => ({ id: user.unionid, name: user.nickname, avatar: user.avatar })),
    });
  });

  // The consent form posts here; tests and scripts can GET it with the same parameters plus
  // `user` (a unionid or openid) or `decision=refuse`.
  const authorize = (ctx: Context) => {
    const request = readRequest(ctx, state, flow);
    if (typeof request === 'string') return fail(ctx, request);
    if (browserParam(ctx, 'decision') === 'refuse') {
      ctx.redirect(withQuery(request.redirectUri, { state: request.state }));
      return;
    }
    const ref = browserParam(ctx, 'user');
    const user = ref === undefined ? undefined : state.wechatUsers.find(ref);
    if (!user) return fail(ctx, ref === undefined ? 'user is missing' : `no WeChat user ${ref}`);
    const { code } = mintOauthCode(state, request.app, user, request.scope);
    ctx.redirect(withQuery(request.redirectUri, { code, state: request.state }));
  };
  router.get(flow.authorizePath, authorize);
  router.post(flow.authorizePath, authorize);
}

/** The authorize parameters, checked as WeChat checks them; a string says what is wrong. */
function readRequest(
  ctx: Context,
  state: SandboxState,
  flow: WechatConsentFlow,
): ConsentRequest | string {
  const appid = browserParam(ctx, 'appid');
  if (appid === undefined) return 'appid is missing';
  const app = state.wechatApps.find(appid);
  if (!app) return `appid ${appid} is not registered`;
  const redirectUri = browserParam(ctx, 'redirect_uri');
  if (redirectUri === undefined) return 'redirect_uri is missing';
  if (browserParam(ctx, 'response_type') !== 'code') return 'response_type must be code';
  const scope = flow.scopeOf(browserParam(ctx, 'scope'));
  if (typeof scope === 'string') return scope;
  return { app, redirectUri, scope: scope.scope, state: browserParam(ctx, 'state') };
}

function fail(ctx: Context, reason: string): void {
  ctx.status = 400;
  ctx.type = 'text/html';
  ctx.body = consentErrorPage('WeChat', reason);
}
