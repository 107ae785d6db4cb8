import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { checkAppCredentials, checkGrantType } from '../../wechat/app-credentials';
import { issueAppToken } from '../../wechat/app-tokens';

/**
 * getAccessToken: the app's own credential for server APIs such as getuserphonenumber.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getAccessToken.html
 */
export function registerCgiBinToken(router: Router, state: SandboxState): void {
  router.get('/cgi-bin/token', endpoint(state, '/cgi-bin/token'), (ctx) => {
    const app = checkAppCredentials(state, queryParam(ctx, 'appid'), queryParam(ctx, 'secret'));
    checkGrantType(queryParam(ctx, 'grant_type'), 'client_credential');
    ctx.body = issueAppToken(state, app.appid);
  });
}
