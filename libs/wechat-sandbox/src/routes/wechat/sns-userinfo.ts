import type { Router } from '@koa/router';
import { endpoint } from '../../http/endpoint';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { snsUserInfo } from '../../wechat/user-info';
import { requireUserToken } from '../../wechat/user-tokens';
import { WechatError } from '../../wechat/wechat-error';

/**
 * The profile behind a user access token. A snsapi_base grant (openid only) may not read it:
 * 48001 api unauthorized.
 * https://developers.weixin.qq.com/doc/oplatform/Website_App/WeChat_Login/Authorized_Interface_Calling_UnionID.html
 */
export function registerSnsUserinfo(router: Router, state: SandboxState): void {
  router.get('/sns/userinfo', endpoint(state, '/sns/userinfo'), (ctx) => {
    const { grant, user } = requireUserToken(
      state,
      queryParam(ctx, 'access_token'),
      queryParam(ctx, 'openid'),
    );
    if (grant.scope === 'snsapi_base') throw new WechatError(48001);
    const openPlatform = state.wechatApps.find(grant.appid)?.openPlatform ?? false;
    ctx.body = snsUserInfo(user, grant.openid, openPlatform);
  });
}
