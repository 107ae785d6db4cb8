import type { WechatWebApp } from '../../config';
import { exchangeOauthCode } from '../../providers/wechat/oauth2-access-token';
import { fetchSnsUserInfo } from '../../providers/wechat/sns-userinfo';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import { wechatAccountKey } from '../wechat-identity-merge';
import type { ExternalIdentity } from './external-identity';
import { rethrowUpstreamFailure } from './upstream-failure';

const wechatGender: Record<number, string> = { 1: 'male', 2: 'female' };

/**
 * The WeChat user behind a login code: the code → an access token (with the app's credentials)
 * → /sns/userinfo for nickname and avatar. The website app (WECHAT, QR code) and the official
 * account (WECHAT_MP, web authorisation inside WeChat) redeem their codes the same way, each with
 * its own appid and secret. The account key is the unionid, the same person's in every app on one
 * Open Platform account, so a person bound through either is one WeChat account; an app without
 * an Open Platform account gets none, and then the key is `<appId>:<openid>`.
 */
export async function fetchWechatIdentity(
  wechat: WechatApi,
  app: WechatWebApp,
  code: string,
  type: 'WECHAT' | 'WECHAT_MP' = 'WECHAT',
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
      accountKey: wechatAccountKey({ appId: app.appId, openid: token.openid, unionid: unionId }),
      unionId,
      appId: app.appId,
      openId: token.openid,
      nickname: info.nickname || null,
      avatar: info.headimgurl || null,
      gender: wechatGender[info.sex] ?? null,
    };
  } catch (error) {
    rethrowUpstreamFailure(error, type);
  }
}
