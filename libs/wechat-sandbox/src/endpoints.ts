/**
 * The upstream API paths the sandbox answers, which are also the keys for call counters and
 * faults. The browser consent pages are not here: a server never calls them, so counting or
 * failing them would test nothing.
 */
export const WECHAT_ENDPOINTS = [
  '/sns/jscode2session',
  '/cgi-bin/token',
  '/cgi-bin/stable_token',
  '/wxa/business/getuserphonenumber',
  '/sns/oauth2/access_token',
  '/sns/userinfo',
  '/sns/auth',
  '/wxa/checksession',
] as const;

export const DINGTALK_ENDPOINTS = [
  '/v1.0/oauth2/userAccessToken',
  '/v1.0/contact/users/me',
] as const;

export type WechatEndpoint = (typeof WECHAT_ENDPOINTS)[number];
export type DingtalkEndpoint = (typeof DINGTALK_ENDPOINTS)[number];
export type Endpoint = WechatEndpoint | DingtalkEndpoint;

export const ENDPOINTS: readonly Endpoint[] = [...WECHAT_ENDPOINTS, ...DINGTALK_ENDPOINTS];

export function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'string' && (ENDPOINTS as readonly string[]).includes(value);
}

export function isWechatEndpoint(value: Endpoint): value is WechatEndpoint {
  return (WECHAT_ENDPOINTS as readonly string[]).includes(value);
}
