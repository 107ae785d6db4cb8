import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerWechatConsentFlow } from './wechat-consent-flow';

export const OAUTH2_AUTHORIZE_PATH = '/connect/oauth2/authorize/authorize';

const SCOPES = ['snsapi_base', 'snsapi_userinfo'];

/**
 * Official-account web authorisation (公众号网页授权, open.weixin.qq.com/connect/oauth2/authorize),
 * which WeChat shows inside its own browser: snsapi_userinfo asks the user to allow the profile,
 * snsapi_base redirects silently; here the user is picked from a list for both. The code is
 * redeemed at /sns/oauth2/access_token with the official account's appid and secret.
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function registerOauth2Authorize(router: Router, state: SandboxState): void {
  registerWechatConsentFlow(router, state, {
    pagePath: '/connect/oauth2/authorize',
    authorizePath: OAUTH2_AUTHORIZE_PATH,
    scopeOf: (scope) =>
      scope !== undefined && SCOPES.includes(scope)
        ? { scope }
        : 'scope must be snsapi_base or snsapi_userinfo',
  });
}
