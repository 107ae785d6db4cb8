import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/**
 * GET /sns/oauth2/access_token: a website (or mobile-app) login code → the user's access token
 * for that app. `unionid` comes only for apps attached to an Open Platform account.
 * https://developers.weixin.qq.com/doc/oplatform/Website_App/WeChat_Login/Wechat_Login.html
 */
export interface OauthAccessToken {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  openid: string;
  scope: string;
  unionid?: string;
}

const schema = Joi.object<OauthAccessToken>({
  access_token: Joi.string().required(),
  expires_in: Joi.number().required(),
  refresh_token: Joi.string(),
  openid: Joi.string().required(),
  scope: Joi.string().allow('').default(''),
  unionid: Joi.string(),
});

export interface ExchangeOauthCodeInput {
  appId: string;
  secret: string;
  code: string;
}

/** Redeems a login code (single use at WeChat: 40163 the second time, 40029 when unknown). */
export function exchangeOauthCode(
  wechat: WechatApi,
  { appId, secret, code }: ExchangeOauthCodeInput,
): Promise<OauthAccessToken> {
  return wechat({
    path: '/sns/oauth2/access_token',
    query: { appid: appId, secret, code, grant_type: 'authorization_code' },
    schema,
  });
}
