import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** What GET /sns/jscode2session answers: the mini-program user behind a `wx.login()` code. */
export interface Code2Session {
  openid: string;
  /** Only for mini-programs attached to an Open Platform account. */
  unionid?: string;
  /** Secret: decrypts the user's encrypted data. Never logged, never returned to a client. */
  session_key: string;
}

const schema = Joi.object<Code2Session>({
  openid: Joi.string().required(),
  unionid: Joi.string(),
  session_key: Joi.string().required(),
});

/**
 * code2Session: exchanges a `wx.login()` code for the user's openid, unionid and session key.
 * WeChat refuses a code it does not know or has seen (40029, 40163), a risky user (40226) and a
 * caller over its rate (45011); those come back as UpstreamError for the caller to word.
 */
export function code2Session(
  wechat: WechatApi,
  { appId, secret, jsCode }: { appId: string; secret: string; jsCode: string },
): Promise<Code2Session> {
  return wechat({
    path: '/sns/jscode2session',
    query: { appid: appId, secret, js_code: jsCode, grant_type: 'authorization_code' },
    schema,
  });
}
