import type { Router } from '@koa/router';
import { DingtalkError } from '../../dingtalk/dingtalk-error';
import { endpoint } from '../../http/endpoint';
import type { SandboxState } from '../../state/sandbox-state';

/**
 * GetUser with unionId "me": the profile behind a user accessToken, sent in the
 * `x-acs-dingtalk-access-token` header. A missing, unknown or expired token is DingTalk's
 * `InvalidAuthentication` ("不合法的access_token", HTTP 400); an app without Contact.User.Read gets
 * 403 `Forbidden.AccessDenied.AccessTokenPermissionDenied`. mobile/stateCode/email only when the
 * user has them.
 * https://open.dingtalk.com/document/orgapp/dingtalk-retrieve-user-information
 */
export function registerContactUsersMe(router: Router, state: SandboxState): void {
  router.get('/v1.0/contact/users/me', endpoint(state, '/v1.0/contact/users/me'), (ctx) => {
    const token = ctx.get('x-acs-dingtalk-access-token');
    const found = token === '' ? undefined : state.dingtalkTokens.peek(token);
    if (found?.status !== 'ok') {
      throw new DingtalkError(400, 'InvalidAuthentication', '不合法的access_token');
    }
    const app = state.dingtalkApps.find(found.value.clientId);
    if (!app?.contactUserRead) {
      throw new DingtalkError(
        403,
        'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        '没有调用该接口的权限',
        { accessdenieddetail: { requiredScopes: ['Contact.User.Read'] } },
      );
    }
    const user = state.dingtalkUsers.get(found.value.unionId);
    ctx.body = {
      nick: user.nick,
      avatarUrl: user.avatarUrl,
      openId: user.openId,
      unionId: user.unionId,
      ...(user.mobile !== undefined ? { mobile: user.mobile, stateCode: user.stateCode } : {}),
      ...(user.email !== undefined ? { email: user.email } : {}),
      visitor: false,
    };
  });
}
