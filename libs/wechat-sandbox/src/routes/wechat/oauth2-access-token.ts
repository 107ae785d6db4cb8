import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { checkAppCredentials, checkGrantType } from '../../wechat/app-credentials';
import { issueUserToken } from '../../wechat/user-tokens';
import { WechatError } from '../../wechat/wechat-error';

/**
 * The website/mobile-app login code (from qrconnect's redirect, or the app SDK) → the user's
 * access_token, openid and unionid. A code works once (40163 after) and then expires (40029).
 * https://developers.weixin.qq.com/doc/oplatform/Website_App/WeChat_Login/Wechat_Login.html
 */
export function registerOauth2AccessToken(router: Router, state: SandboxState): void {
  router.get('/sns/oauth2/access_token', endpoint(state, '/sns/oauth2/access_token'), (ctx) => {
    const app = checkAppCredentials(state, queryParam(ctx, 'appid'), queryParam(ctx, 'secret'));
    const code = queryParam(ctx, 'code');
    if (code === undefined) throw new WechatError(41008);
    checkGrantType(queryParam(ctx, 'grant_type'), 'authorization_code');

    const minted = state.oauthCodes.peek(code);
    if (minted.status === 'ok' && minted.value.appid !== app.appid) throw new WechatError(40029);
    const found = state.oauthCodes.take(code);
    if (found.status === 'used') throw new WechatError(40163);
    if (found.status !== 'ok') throw new WechatError(40029);

    ctx.body = issueUserToken(state, found.value, app.openPlatform);
  });
}
