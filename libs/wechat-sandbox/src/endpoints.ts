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

/** WeCom (qyapi.weixin.qq.com): WeChat's errcode replies, so WeChat-style faults apply. */
export const WECOM_ENDPOINTS = ['/cgi-bin/gettoken', '/cgi-bin/auth/getuserinfo'] as const;

export const DINGTALK_ENDPOINTS = [
  '/v1.0/oauth2/userAccessToken',
  '/v1.0/contact/users/me',
] as const;

/**
 * Stand-ins for the cloud SMS APIs. The real ones answer at their host's root
 * (sms.tencentcloudapi.com, dysmsapi.aliyuncs.com); here each has a path of its own, which the
 * server's TENCENT_SMS_API_BASE / ALIYUN_SMS_API_BASE include.
 */
export const SMS_ENDPOINTS = ['/tencentcloud/sms', '/aliyun/dysmsapi'] as const;

export type WechatEndpoint = (typeof WECHAT_ENDPOINTS)[number];
export type WecomEndpoint = (typeof WECOM_ENDPOINTS)[number];
export type DingtalkEndpoint = (typeof DINGTALK_ENDPOINTS)[number];
export type SmsEndpoint = (typeof SMS_ENDPOINTS)[number];
export type Endpoint = WechatEndpoint | WecomEndpoint | DingtalkEndpoint | SmsEndpoint;

export const ENDPOINTS: readonly Endpoint[] = [
  ...WECHAT_ENDPOINTS,
  ...WECOM_ENDPOINTS,
  ...DINGTALK_ENDPOINTS,
  ...SMS_ENDPOINTS,
];

export function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'string' && (ENDPOINTS as readonly string[]).includes(value);
}

/** WeChat and WeCom alike: endpoints that answer errors as `{ errcode, errmsg }`. */
export function isWechatEndpoint(value: Endpoint): value is WechatEndpoint | WecomEndpoint {
  return ([...WECHAT_ENDPOINTS, ...WECOM_ENDPOINTS] as readonly string[]).includes(value);
}

export function isSmsEndpoint(value: Endpoint): value is SmsEndpoint {
  return (SMS_ENDPOINTS as readonly string[]).includes(value);
}
