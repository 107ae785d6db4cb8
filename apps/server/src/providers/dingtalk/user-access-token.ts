import Joi from 'joi';
import type { DingtalkApi } from './dingtalk-api';

/**
 * POST /v1.0/oauth2/userAccessToken (GetUserToken): the authCode from DingTalk's login redirect →
 * the user's access token for this app.
 * https://open.dingtalk.com/document/orgapp/obtain-user-token
 */
export interface DingtalkUserAccessToken {
  accessToken: string;
  refreshToken?: string;
  expireIn: number;
  corpId?: string;
}

const schema = Joi.object<DingtalkUserAccessToken>({
  accessToken: Joi.string().required(),
  refreshToken: Joi.string(),
  expireIn: Joi.number().required(),
  corpId: Joi.string().allow(''),
});

export interface FetchUserAccessTokenInput {
  clientId: string;
  clientSecret: string;
  code: string;
}

/** Redeems an authCode (single use at DingTalk). */
export function fetchUserAccessToken(
  dingtalk: DingtalkApi,
  { clientId, clientSecret, code }: FetchUserAccessTokenInput,
): Promise<DingtalkUserAccessToken> {
  return dingtalk({
    path: '/v1.0/oauth2/userAccessToken',
    method: 'POST',
    body: { clientId, clientSecret, code, grantType: 'authorization_code' },
    schema,
  });
}
