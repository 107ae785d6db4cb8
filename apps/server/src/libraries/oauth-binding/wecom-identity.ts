import type { WecomApp } from '../../config';
import type { WecomAccessTokenCache } from '../../providers/wecom/access-token-cache';
import { fetchWecomLoginUser } from '../../providers/wecom/getuserinfo';
import type { WecomApi } from '../../providers/wecom/wecom-api';
import type { ExternalIdentity } from './external-identity';
import { OAuthBindingError } from './oauth-binding-error';
import { rethrowUpstreamFailure } from './upstream-failure';

/**
 * The WeCom member behind a web-login code: the agent's access token (cached, shared) → the code
 * at /cgi-bin/auth/getuserinfo → a userid. A userid names a person only within its corp, so the
 * account key is `<corpId>:<userid>`. WeCom redeems a code only for the agent it was issued to,
 * so a code from another corp's login is refused there (40029). Someone who is not a member
 * (WeCom gives an openid instead of a userid) may not bind: the binding vouches for a member.
 * getuserinfo names no one, so there is no nickname or avatar to record.
 */
export async function fetchWecomIdentity(
  wecom: WecomApi,
  tokens: WecomAccessTokenCache,
  app: WecomApp,
  code: string,
): Promise<ExternalIdentity> {
  let userId: string | undefined;
  try {
    const user = await tokens.withToken((accessToken) =>
      fetchWecomLoginUser(wecom, { accessToken, code }),
    );
    userId = user.userid;
  } catch (error) {
    rethrowUpstreamFailure(error, 'WECOM');
  }
  if (!userId) throw new OAuthBindingError('organisation_not_allowed', 'WECOM');
  return {
    provider: 'wecom',
    accountKey: `${app.corpId}:${userId}`,
    unionId: null,
    appId: app.corpId,
    openId: userId,
    nickname: null,
    avatar: null,
    gender: null,
  };
}
