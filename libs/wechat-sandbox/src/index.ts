export { startSandbox } from './start-sandbox';
export type { RunningSandbox, SandboxOptions } from './start-sandbox';
export { createSandboxControl, SandboxControlError } from './control/control-client';
export type { SandboxControl } from './control/control-client';
export type * from './control/types';
export { DEFAULT_CONFIG } from './config';
export {
  DINGTALK_ENDPOINTS,
  ENDPOINTS,
  SMS_ENDPOINTS,
  WECHAT_ENDPOINTS,
  WECOM_ENDPOINTS,
} from './endpoints';
export type {
  DingtalkEndpoint,
  Endpoint,
  SmsEndpoint,
  WechatEndpoint,
  WecomEndpoint,
} from './endpoints';
export type {
  AliyunSmsAccount,
  AliyunSmsAccountInput,
  TencentSmsAccount,
  TencentSmsAccountInput,
} from './state/sms-accounts';
export type { SentSms } from './state/sms-outbox';
export type { SandboxLogger } from './http/request-log';
export { SandboxState } from './state/sandbox-state';
export { WECHAT_ERRMSG } from './wechat/wechat-error';
