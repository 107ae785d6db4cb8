import Joi from 'joi';
import type { DingtalkApi } from './dingtalk-api';

/**
 * GET /v1.0/contact/users/me: the profile behind a user access token. Needs the app's
 * Contact.User.Read permission (403 Forbidden.AccessDenied.AccessTokenPermissionDenied without).
 * https://open.dingtalk.com/document/orgapp/dingtalk-retrieve-user-information
 */
export interface DingtalkMe {
  nick: string;
  avatarUrl: string;
  openId: string;
  unionId: string;
  mobile?: string;
  stateCode?: string;
  email?: string;
}

const schema = Joi.object<DingtalkMe>({
  nick: Joi.string().allow('').required(),
  avatarUrl: Joi.string().allow('').default(''),
  openId: Joi.string().required(),
  unionId: Joi.string().required(),
  mobile: Joi.string(),
  stateCode: Joi.string(),
  email: Joi.string(),
});

export function fetchContactUsersMe(
  dingtalk: DingtalkApi,
  { accessToken }: { accessToken: string },
): Promise<DingtalkMe> {
  return dingtalk({
    path: '/v1.0/contact/users/me',
    headers: { 'x-acs-dingtalk-access-token': accessToken },
    schema,
  });
}
