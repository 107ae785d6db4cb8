import type { DingtalkApp } from '../../config';
import { fetchContactUsersMe } from '../../providers/dingtalk/contact-users-me';
import type { DingtalkApi } from '../../providers/dingtalk/dingtalk-api';
import { fetchUserAccessToken } from '../../providers/dingtalk/user-access-token';
import type { ExternalIdentity } from './external-identity';
import { OAuthBindingError } from './oauth-binding-error';
import { rethrowUpstreamFailure } from './upstream-failure';

/**
 * The DingTalk user behind a login authCode: the code → a user access token → users/me (header
 * `x-acs-dingtalk-access-token`). The account key is the unionId, which DingTalk always gives.
 *
 * `allowedCorpIds` (DINGTALK_ALLOWED_CORP_IDS) limits binding to members of those organisations:
 * the token names the organisation the user signed in as (`corpId`), and a token from any other
 * organisation, or with none, is refused before the profile is even read. Undefined: any.
 */
export async function fetchDingtalkIdentity(
  dingtalk: DingtalkApi,
  app: DingtalkApp,
  code: string,
  allowedCorpIds?: readonly string[],
): Promise<ExternalIdentity> {
  let token;
  try {
    token = await fetchUserAccessToken(dingtalk, {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      code,
    });
  } catch (error) {
    rethrowUpstreamFailure(error, 'DING_TALK');
  }
  if (allowedCorpIds && !allowedCorpIds.includes(token.corpId ?? '')) {
    throw new OAuthBindingError('organisation_not_allowed', 'DING_TALK');
  }
  try {
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
