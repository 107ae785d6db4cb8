import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { WecomApp } from '../../control/types';
import { consentErrorPage, consentPage } from '../../http/consent-page';
import { browserParam } from '../../http/params';
import { withQuery } from '../../http/redirect-uri';
import type { SandboxState } from '../../state/sandbox-state';
import { mintWecomCode } from '../../wecom/wecom-codes';

export const WECOM_LOGIN_PATH = '/wwlogin/sso/login';
export const WECOM_AUTHORIZE_PATH = '/wwlogin/sso/login/authorize';

interface SsoLoginRequest {
  app: WecomApp;
  redirectUri: string;
  state: string | undefined;
}

/**
 * WeCom web login (企业微信网页登录, login.work.weixin.qq.com/wwlogin/sso/login with
 * login_type=CorpApp), where a member scans with the WeCom app. Here the user is picked from the
 * corp's people instead. Allowing redirects to `redirect_uri?code=…&state=…&appid=<corpId>`;
 * refusing to `redirect_uri?state=…`.
 * https://developer.work.weixin.qq.com/document/path/98152
 */
export function registerSsoLogin(router: Router, state: SandboxState): void {
  router.get(WECOM_LOGIN_PATH, (ctx) => {
    const request = readRequest(ctx, state);
    if (typeof request === 'string') return fail(ctx, request);
    ctx.type = 'text/html';
    ctx.body = consentPage({
      provider: 'WeCom',
      appName: request.app.name,
      action: WECOM_AUTHORIZE_PATH,
      hidden: {
        login_type: 'CorpApp',
        appid: request.app.corpId,
        agentid: request.app.agentId,
        redirect_uri: request.redirectUri,
        state: request.state,
      },
      users: state.wecomUsers
        .inCorp(request.app.corpId)
        .map((user) => ({ id: user.userId, name: user.name, avatar: user.avatar })),
    });
  });

  // The consent form posts here; tests and scripts can GET it with the same parameters plus
  // `user` (a userId) or `decision=refuse`.
  const authorize = (ctx: Context) => {
    const request = readRequest(ctx, state);
    if (typeof request === 'string') return fail(ctx, request);
    if (browserParam(ctx, 'decision') === 'refuse') {
      ctx.redirect(withQuery(request.redirectUri, { state: request.state }));
      return;
    }
    const ref = browserParam(ctx, 'user');
    const user = ref === undefined ? undefined : state.wecomUsers.find(request.app.corpId, ref);
    if (!user) return fail(ctx, ref === undefined ? 'user is missing' : `no WeCom user ${ref}`);
    const { code } = mintWecomCode(state, request.app, user);
    ctx.redirect(
      withQuery(request.redirectUri, { code, state: request.state, appid: request.app.corpId }),
    );
  };
  router.get(WECOM_AUTHORIZE_PATH, authorize);
  router.post(WECOM_AUTHORIZE_PATH, authorize);
}

/** The login parameters, checked as WeCom checks them; a string says what is wrong. */
function readRequest(ctx: Context, state: SandboxState): SsoLoginRequest | string {
  if (browserParam(ctx, 'login_type') !== 'CorpApp') return 'login_type must be CorpApp';
  const corpId = browserParam(ctx, 'appid');
  if (corpId === undefined) return 'appid is missing';
  const agentId = browserParam(ctx, 'agentid');
  if (agentId === undefined) return 'agentid is missing';
  const app = state.wecomApps.find(corpId, agentId);
  if (!app) return `agent ${agentId} of corp ${corpId} is not registered`;
  const redirectUri = browserParam(ctx, 'redirect_uri');
  if (redirectUri === undefined) return 'redirect_uri is missing';
  return { app, redirectUri, state: browserParam(ctx, 'state') };
}

function fail(ctx: Context, reason: string): void {
  ctx.status = 400;
  ctx.type = 'text/html';
  ctx.body = consentErrorPage('WeCom', reason);
}
