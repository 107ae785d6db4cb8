import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { DingtalkApp } from '../../control/types';
import { mintDingtalkAuthCode } from '../../dingtalk/auth-codes';
import { consentErrorPage, consentPage } from '../../http/consent-page';
import { browserParam } from '../../http/params';
import { withQuery } from '../../http/redirect-uri';
import type { SandboxState } from '../../state/sandbox-state';

export const DINGTALK_AUTHORIZE_PATH = '/oauth2/auth/authorize';

interface AuthRequest {
  app: DingtalkApp;
  redirectUri: string;
  scope: string;
  state: string | undefined;
}

/**
 * DingTalk's login page (login.dingtalk.com/oauth2/auth). Allowing redirects to
 * `redirect_uri?authCode=…&code=…&state=…`: DingTalk documents `authCode`; the same value is also
 * sent as `code`, the OAuth 2.0 name, so a client reading either works. Refusing redirects to
 * `redirect_uri?error=access_denied&state=…`.
 * https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
 */
export function registerOauth2Auth(router: Router, state: SandboxState): void {
  router.get('/oauth2/auth', (ctx) => {
    const request = readRequest(ctx, state);
    if (typeof request === 'string') return fail(ctx, request);
    ctx.type = 'text/html';
    ctx.body = consentPage({
      provider: 'DingTalk',
      appName: request.app.clientId,
      action: DINGTALK_AUTHORIZE_PATH,
      hidden: {
        client_id: request.app.clientId,
        redirect_uri: request.redirectUri,
        response_type: 'code',
        scope: request.scope,
        state: request.state,
        prompt: 'consent',
      },
      users: state.dingtalkUsers
        .list()
        .map((user) => ({ id: user.unionId, name: user.nick, avatar: user.avatarUrl })),
    });
  });

  // The consent form posts here; tests and scripts can GET it with the same parameters plus
  // `user` (a unionId or openId) or `decision=refuse`.
  const authorize = (ctx: Context) => {
    const request = readRequest(ctx, state);
    if (typeof request === 'string') return fail(ctx, request);
    if (browserParam(ctx, 'decision') === 'refuse') {
      ctx.redirect(
        withQuery(request.redirectUri, { error: 'access_denied', state: request.state }),
      );
      return;
    }
    const ref = browserParam(ctx, 'user');
    const user = ref === undefined ? undefined : state.dingtalkUsers.find(ref);
    if (!user) return fail(ctx, ref === undefined ? 'user is missing' : `no DingTalk user ${ref}`);
    const { authCode } = mintDingtalkAuthCode(state, request.app, user);
    ctx.redirect(
      withQuery(request.redirectUri, { authCode, code: authCode, state: request.state }),
    );
  };
  router.get(DINGTALK_AUTHORIZE_PATH, authorize);
  router.post(DINGTALK_AUTHORIZE_PATH, authorize);
}

function readRequest(ctx: Context, state: SandboxState): AuthRequest | string {
  const clientId = browserParam(ctx, 'client_id');
  if (clientId === undefined) return 'client_id is missing';
  const app = state.dingtalkApps.find(clientId);
  if (!app) return `client_id ${clientId} is not registered`;
  const redirectUri = browserParam(ctx, 'redirect_uri');
  if (redirectUri === undefined) return 'redirect_uri is missing';
  if (browserParam(ctx, 'response_type') !== 'code') return 'response_type must be code';
  // DingTalk accepts "openid" or "openid corpid" (space separated).
  const scope = browserParam(ctx, 'scope');
  if (!scope?.split(' ').includes('openid')) return 'scope must include openid';
  return { app, redirectUri, scope, state: browserParam(ctx, 'state') };
}

function fail(ctx: Context, reason: string): void {
  ctx.status = 400;
  ctx.type = 'text/html';
  ctx.body = consentErrorPage('DingTalk', reason);
}
