import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { stringField } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { checkAppCredentials, checkGrantType } from '../../wechat/app-credentials';
import { issueStableToken } from '../../wechat/app-tokens';
import { wechatPostBody } from '../../wechat/post-body';
import { WechatError } from '../../wechat/wechat-error';

/**
 * getStableAccessToken: POST JSON only. Normal mode hands out the same token while it lives;
 * force_refresh replaces it and the old one stops working at once.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
 */
export function registerStableToken(router: Router, state: SandboxState): void {
  router.post('/cgi-bin/stable_token', endpoint(state, '/cgi-bin/stable_token'), (ctx) => {
    const body = wechatPostBody(ctx);
    const app = checkAppCredentials(state, stringField(body, 'appid'), stringField(body, 'secret'));
    checkGrantType(stringField(body, 'grant_type'), 'client_credential');
    ctx.body = issueStableToken(state, app.appid, body.force_refresh === true);
  });

  // "This API only supports POST": a GET is answered, not 404ed, as WeChat does.
  router.get('/cgi-bin/stable_token', endpoint(state, '/cgi-bin/stable_token'), () => {
    throw new WechatError(43002);
  });
}
