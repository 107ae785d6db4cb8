import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** What POST /cgi-bin/stable_token answers. */
export interface StableToken {
  access_token: string;
  /** Seconds the token has left (7200 for a fresh one). */
  expires_in: number;
}

const schema = Joi.object<StableToken>({
  access_token: Joi.string().required(),
  expires_in: Joi.number().integer().min(1).required(),
});

/**
 * getStableAccessToken. Unlike /cgi-bin/token, normal mode hands every caller the same token while
 * it lives, so several servers can share it safely; `forceRefresh` revokes it at once and issues
 * another (WeChat limits how often, so it is only for a token WeChat has just refused).
 */
export function fetchStableToken(
  wechat: WechatApi,
  { appId, secret, forceRefresh }: { appId: string; secret: string; forceRefresh: boolean },
): Promise<StableToken> {
  return wechat({
    path: '/cgi-bin/stable_token',
    method: 'POST',
    body: {
      grant_type: 'client_credential',
      appid: appId,
      secret,
      ...(forceRefresh ? { force_refresh: true } : {}),
    },
    schema,
  });
}
