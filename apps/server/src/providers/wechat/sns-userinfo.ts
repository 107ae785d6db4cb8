import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** GET /sns/userinfo: the profile behind a user access token (website or mobile-app OAuth). */
export interface SnsUserInfo {
  openid: string;
  unionid?: string;
  nickname: string;
  /** 1 male, 2 female, 0 unknown. */
  sex: number;
  headimgurl: string;
}

const schema = Joi.object<SnsUserInfo>({
  openid: Joi.string().required(),
  unionid: Joi.string(),
  nickname: Joi.string().allow('').required(),
  sex: Joi.number().integer().default(0),
  headimgurl: Joi.string().allow('').default(''),
});

export function fetchSnsUserInfo(
  wechat: WechatApi,
  { accessToken, openid }: { accessToken: string; openid: string },
): Promise<SnsUserInfo> {
  return wechat({
    path: '/sns/userinfo',
    query: { access_token: accessToken, openid, lang: 'zh_CN' },
    schema,
  });
}
