import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { checkAppCredentials, checkGrantType } from '../../wechat/app-credentials';
import { WechatError } from '../../wechat/wechat-error';

/**
 * code2Session: a mini-program's wx.login code → openid, session_key and (for apps on an Open
 * Platform account) unionid.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
 */
export function registerJscode2session(router: Router, state: SandboxState): void {
  router.get('/sns/jscode2session', endpoint(state, '/sns/jscode2session'), (ctx) => {
    const app = checkAppCredentials(state, queryParam(ctx, 'appid'), queryParam(ctx, 'secret'));
    const jsCode = queryParam(ctx, 'js_code');
    if (jsCode === undefined) throw new WechatError(41008);
    checkGrantType(queryParam(ctx, 'grant_type'), 'authorization_code');

    // A code minted for another app is unknown here, and must stay usable by its own app.
    const minted = state.jsCodes.peek(jsCode);
    if (minted.status === 'ok' && minted.value.appid !== app.appid) throw new WechatError(40029);

    const found = state.jsCodes.take(jsCode);
    if (found.status === 'used') throw new WechatError(40163);
    if (found.status !== 'ok') throw new WechatError(40029);
    const grant = found.value;
    if (state.wechatUsers.find(grant.unionid)?.risky) throw new WechatError(40226);

    // WeChat's success reply carries no errcode, although the docs list the field.
    ctx.body = {
      session_key: grant.sessionKey,
      openid: grant.openid,
      ...(app.openPlatform ? { unionid: grant.unionid } : {}),
    };
  });
}
