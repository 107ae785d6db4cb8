import Joi from 'joi';
import type { WecomApi } from './wecom-api';

/**
 * GET /cgi-bin/gettoken?corpid&corpsecret: an agent's access_token (7200 s), the credential for
 * its corp's APIs. https://developer.work.weixin.qq.com/document/path/91039
 */
export interface WecomAccessToken {
  access_token: string;
  expires_in: number;
}

const schema = Joi.object<WecomAccessToken>({
  access_token: Joi.string().min(1).required(),
  expires_in: Joi.number().integer().min(1).required(),
}).unknown(true);

export function fetchWecomAccessToken(
  wecom: WecomApi,
  { corpId, secret }: { corpId: string; secret: string },
): Promise<WecomAccessToken> {
  return wecom({
    path: '/cgi-bin/gettoken',
    query: { corpid: corpId, corpsecret: secret },
    schema,
  });
}
