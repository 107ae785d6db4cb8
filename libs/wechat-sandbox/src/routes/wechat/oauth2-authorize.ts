import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { WechatApp } from '../../control/types';
import { consentErrorPage, consentPage } from '../../http/consent-page';
import { browserParam } from '../../http/params';
import { withQuery } from '../../http/redirect-uri';
import type { SandboxState } from '../../state/sandbox-state';
import { mintOauthCode } from '../../wechat/oauth-codes';

export const OAUTH2_AUTHORIZE_PATH = '/connect/oauth2/authorize/authorize';

const SCOPES = ['snsapi_base', 'snsapi_userinfo'];

interface Oauth2AuthorizeRequest {
  app: WechatApp;
  redirectUri: string;
  scope: string;
  state: string | undefined;
}

/**
 * Official-account web authorisation (公众号网页授权, open.weixin.qq.com/connect/oauth2/authorize),
 * which WeChat shows inside its own browser: snsapi_userinfo asks the user to allow the profile,
 * snsapi_base redirects silently. Here the user is picked from a list for both. Allowing
 * redirects to `redirect_uri?code=…&state=…`; refusing to `redirect_uri?state=…`. The code is
 * redeemed at /sns/oauth2/access_token with the official account's appid and secret.
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function registerOauth2Authorize(router: Router, state: SandboxState): void {
  router.get('/connect/oauth2/authorize', (ctx) => {
    const request = readRequest(ctx, state);
    if (typeof request === 'string') return fail(ctx, request);
    ctx.type = 'text/html';
    ctx.body = consentPage({
      provider: 'WeChat',
      appName: request.app.name,
      action: OAUTH2_AUTHORIZE_PATH,
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
    const request = readRequest(ctx, state);
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
  router.get(OAUTH2_AUTHORIZE_PATH, authorize);
  router.post(OAUTH2_AUTHORIZE_PATH, authorize);
}

/** The authorize parameters, checked as WeChat checks them; a string says what is wrong. */
function readRequest(ctx: Context, state: SandboxState): Oauth2AuthorizeRequest | string {
  const appid = browserParam(ctx, 'appid');
  if (appid === undefined) return 'appid is missing';
  const app = state.wechatApps.find(appid);
  if (!app) return `appid ${appid} is not registered`;
  const redirectUri = browserParam(ctx, 'redirect_uri');
  if (redirectUri === undefined) return 'redirect_uri is missing';
  if (browserParam(ctx, 'response_type') !== 'code') return 'response_type must be code';
  const scope = browserParam(ctx, 'scope');
  if (scope === undefined || !SCOPES.includes(scope)) {
    return 'scope must be snsapi_base or snsapi_userinfo';
  }
  return { app, redirectUri, scope, state: browserParam(ctx, 'state') };
}

function fail(ctx: Context, reason: string): void {
  ctx.status = 400;
  ctx.type = 'text/html';
  ctx.body = consentErrorPage('WeChat', reason);
}
