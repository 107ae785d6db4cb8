import type { PhoneInfo } from '../control/types';

// What each one-time code or token stands for. A grant always names the app it was issued to,
// because WeChat refuses a code or token presented by another app.

export interface JsCodeGrant {
  appid: string;
  unionid: string;
  openid: string;
  sessionKey: string;
}

export interface WechatUserGrant {
  appid: string;
  unionid: string;
  openid: string;
  scope: string;
}

export interface PhoneCodeGrant {
  appid: string;
  phone: Omit<PhoneInfo, 'watermark'>;
}

export interface AppTokenGrant {
  appid: string;
}

export interface DingtalkGrant {
  clientId: string;
  unionId: string;
}
