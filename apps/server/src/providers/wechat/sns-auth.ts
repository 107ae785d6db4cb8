import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** GET /sns/auth succeeds with errcode 0; any other errcode reaches the caller as UpstreamError. */
interface SnsAuthReply {
  errcode: 0;
  errmsg: string;
}

const schema = Joi.object<SnsAuthReply>({
  errcode: Joi.number().valid(0).required(),
  errmsg: Joi.string().allow('').default(''),
});

/**
 * Asks WeChat whether a user access token is valid for this openid (GET /sns/auth). Resolves when
 * it is; a token that is unknown, expired or another user's comes back as an UpstreamError with
 * failure `api_error` and WeChat's errcode (40001, 42001, 40003, ...), for the caller to map.
 */
export async function checkSnsAuth(
  wechat: WechatApi,
  { accessToken, openid }: { accessToken: string; openid: string },
): Promise<void> {
  await wechat({
    path: '/sns/auth',
    query: { access_token: accessToken, openid },
    schema,
  });
}
