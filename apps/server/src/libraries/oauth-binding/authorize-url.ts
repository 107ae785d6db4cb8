import type { DingtalkApp, WechatWebApp } from '../../config';

/**
 * The provider pages a user is sent to in order to allow the binding. Parameters are written by
 * hand, in the order the documents show them (03's example URL, DingTalk's login guide), rather
 * than through URLSearchParams: the order is part of what clients and tests compare, and
 * encodeURIComponent encodes a space as %20 where URLSearchParams would write `+`.
 */

const withoutTrailingSlash = (base: string) => base.replace(/\/+$/, '');

/**
 * WeChat website login (扫码登录):
 * `…/connect/qrconnect?appid&redirect_uri&response_type=code&scope=snsapi_login&state#wechat_redirect`.
 * WeChat adds `connect_redirect=1` itself when it redirects, so it is not part of the link we build.
 */
export function wechatAuthorizeUrl(connectBase: string, app: WechatWebApp, state: string): string {
  return (
    `${withoutTrailingSlash(connectBase)}/connect/qrconnect` +
    `?appid=${encodeURIComponent(app.appId)}` +
    `&redirect_uri=${encodeURIComponent(app.redirectUri)}` +
    `&response_type=code&scope=snsapi_login` +
    `&state=${encodeURIComponent(state)}#wechat_redirect`
  );
}

/**
 * DingTalk login:
 * `…/oauth2/auth?redirect_uri&response_type=code&client_id&scope=openid&state&prompt=consent`.
 */
export function dingtalkAuthorizeUrl(loginBase: string, app: DingtalkApp, state: string): string {
  return (
    `${withoutTrailingSlash(loginBase)}/oauth2/auth` +
    `?redirect_uri=${encodeURIComponent(app.redirectUri)}` +
    `&response_type=code` +
    `&client_id=${encodeURIComponent(app.clientId)}` +
    `&scope=openid` +
    `&state=${encodeURIComponent(state)}&prompt=consent`
  );
}
