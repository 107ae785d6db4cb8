import type { DingtalkApp } from '../../config';
import { fetchContactUsersMe } from '../../providers/dingtalk/contact-users-me';
import type { DingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import { fetchUserAccessToken } from '../../providers/dingtalk/user-access-token';
import type { ExternalIdentity } from './external-identity';
import { rethrowUpstreamFailure } from './upstream-failure';

/**
 * The DingTalk user behind a login authCode: the code → a user access token → users/me (header
 * `x-acs-dingtalk-access-token`). The account key is the unionId, which DingTalk always gives.
 */
export async function fetchDingtalkIdentity(
  dingtalk: DingtalkApi,
  app: DingtalkApp,
  code: string,
): Promise<ExternalIdentity> {
  try {
    const token = await fetchUserAccessToken(dingtalk, {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      code,
    });
    const me = await fetchContactUsersMe(dingtalk, { accessToken: token.accessToken });
    return {
      provider: 'dingtalk',
      accountKey: me.unionId,
      unionId: me.unionId,
      appId: app.clientId,
      openId: me.openId,
      nickname: me.nick || null,
      avatar: me.avatarUrl || null,
      gender: null,
    };
  } catch (error) {
    rethrowUpstreamFailure(error, 'DING_TALK');
  }
}
