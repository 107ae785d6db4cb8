import Joi from 'joi';
import type { WecomApi } from './wecom-api';

/**
 * GET /cgi-bin/auth/getuserinfo?access_token&code: who a web-login code belongs to. A member of
 * the corp is named by `userid`; anyone else (an outside contact) gets only an `openid`.
 * https://developer.work.weixin.qq.com/document/path/91023
 */
export interface WecomLoginUser {
  userid?: string;
  openid?: string;
  user_ticket?: string;
}

const schema = Joi.object<WecomLoginUser>({
  userid: Joi.string().min(1),
  openid: Joi.string().min(1),
  user_ticket: Joi.string(),
})
  .or('userid', 'openid')
  .unknown(true);

export function fetchWecomLoginUser(
  wecom: WecomApi,
  { accessToken, code }: { accessToken: string; code: string },
): Promise<WecomLoginUser> {
  return wecom({
    path: '/cgi-bin/auth/getuserinfo',
    query: { access_token: accessToken, code },
    schema,
  });
}
