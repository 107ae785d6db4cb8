import type { WechatWebApp } from '../../config';
import { exchangeOauthCode } from '../../providers/wechat/oauth2-access-token';
import { fetchSnsUserInfo } from '../../providers/wechat/sns-userinfo';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { ExternalIdentity } from './external-identity';
import { rethrowUpstreamFailure } from './upstream-failure';

const wechatGender: Record<number, string> = { 1: 'male', 2: 'female' };

/**
 * The WeChat user behind a website login code: the code → an access token (with the web app's
 * credentials) → /sns/userinfo for nickname and avatar. The account key is the unionid; an app
 * without an Open Platform account gets none, and then the key is `<appId>:<openid>`.
 */
export async function fetchWechatIdentity(
  wechat: WechatApi,
  app: WechatWebApp,
  code: string,
): Promise<ExternalIdentity> {
  try {
    const token = await exchangeOauthCode(wechat, { appId: app.appId, secret: app.secret, code });
    const info = await fetchSnsUserInfo(wechat, {
      accessToken: token.access_token,
      openid: token.openid,
    });
    const unionId = info.unionid ?? token.unionid ?? null;
    return {
      provider: 'wechat',
      accountKey: unionId ?? `${app.appId}:${token.openid}`,
      unionId,
      appId: app.appId,
      openId: token.openid,
      nickname: info.nickname || null,
      avatar: info.headimgurl || null,
      gender: wechatGender[info.sex] ?? null,
    };
  } catch (error) {
    rethrowUpstreamFailure(error, 'WECHAT');
  }
}
