import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerWechatConsentFlow } from './wechat-consent-flow';

export const QRCONNECT_AUTHORIZE_PATH = '/connect/qrconnect/authorize';

/**
 * Website login, WeChat's "扫码登录" page (open.weixin.qq.com/connect/qrconnect), where a user
 * scans a QR code and allows the site; here the user is picked from a list instead.
 * https://developers.weixin.qq.com/doc/oplatform/Website_App/WeChat_Login/Wechat_Login.html
 */
export function registerQrconnect(router: Router, state: SandboxState): void {
  registerWechatConsentFlow(router, state, {
    pagePath: '/connect/qrconnect',
    authorizePath: QRCONNECT_AUTHORIZE_PATH,
    // Website apps have exactly one scope; WeChat refuses the link without it.
    scopeOf: (scope) =>
      scope?.split(',').includes('snsapi_login')
        ? { scope: 'snsapi_login' }
        : 'scope must be snsapi_login',
  });
}
