import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { requireUserToken } from '../../wechat/user-tokens';

/**
 * snsAuth: is this user access token valid for this openid? `{ errcode: 0, errmsg: "ok" }`, or
 * 40003 when the token belongs to someone else, 40001/42001 when it is unknown/expired.
 * https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsauth
 */
export function registerSnsAuth(router: Router, state: SandboxState): void {
  router.get('/sns/auth', endpoint(state, '/sns/auth'), (ctx) => {
    requireUserToken(state, queryParam(ctx, 'access_token'), queryParam(ctx, 'openid'));
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });
}
