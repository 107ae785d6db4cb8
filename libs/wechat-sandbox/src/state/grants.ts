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
  /** The user's openid in the app, when the code was minted for a user. */
  openid?: string;
  phone: Omit<PhoneInfo, 'watermark'>;
}

export interface AppTokenGrant {
  appid: string;
}

/** A WeCom login code or app token: issued to one agent of one corp. */
export interface WecomGrant {
  corpId: string;
  agentId: string;
}

export interface WecomCodeGrant extends WecomGrant {
  corpId: string;
  userId: string;
}

export interface DingtalkGrant {
  clientId: string;
  unionId: string;
}
