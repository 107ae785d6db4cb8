import type { DingtalkApp, WechatWebApp, WecomApp } from '../../config';

/**
 * The provider pages a user is sent to in order to allow the binding. Parameters are written by
 * hand, in the order the documents show them (03's example URL, DingTalk's login guide), rather
 * than through URLSearchParams: the order is part of what clients and tests compare, and
 * encodeURIComponent encodes a space as %20 where URLSearchParams would write `+`.
 */

const withoutTrailingSlash = (base: string) => base.replace(/\/+$/, '');

/**
 * WeChat website login (扫码登录), exactly as 03's example link reads:
 * `…/connect/qrconnect?appid&redirect_uri&response_type=code&scope=snsapi_login&state&connect_redirect=1#wechat_redirect`.
 * `connect_redirect=1` tells WeChat to redirect once only; legacy clients compare the whole link
 * with the document's, so it is written where the example has it, after `state`.
 */
export function wechatAuthorizeUrl(connectBase: string, app: WechatWebApp, state: string): string {
  return (
    `${withoutTrailingSlash(connectBase)}/connect/qrconnect` +
    `?appid=${encodeURIComponent(app.appId)}` +
    `&redirect_uri=${encodeURIComponent(app.redirectUri)}` +
    `&response_type=code&scope=snsapi_login` +
    `&state=${encodeURIComponent(state)}&connect_redirect=1#wechat_redirect`
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

/**
 * WeCom web login (企业微信网页登录, the 2023 page that replaced the QR-connect one):
 * `…/wwlogin/sso/login?login_type=CorpApp&appid=<corpId>&agentid&redirect_uri&state`.
 * https://developer.work.weixin.qq.com/document/path/98152
 */
export function wecomAuthorizeUrl(loginBase: string, app: WecomApp, state: string): string {
  return (
    `${withoutTrailingSlash(loginBase)}/wwlogin/sso/login` +
    `?login_type=CorpApp` +
    `&appid=${encodeURIComponent(app.corpId)}` +
    `&agentid=${encodeURIComponent(app.agentId)}` +
    `&redirect_uri=${encodeURIComponent(app.redirectUri)}` +
    `&state=${encodeURIComponent(state)}`
  );
}

/**
 * Official-account web authorisation (公众号网页授权), for pages opened inside WeChat, where a QR
 * code cannot be scanned: `…/connect/oauth2/authorize?appid&redirect_uri&response_type=code
 * &scope=snsapi_userinfo&state#wechat_redirect`. snsapi_userinfo, not snsapi_base: the binding
 * records the nickname and avatar, which only that scope may read.
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
export function wechatMpAuthorizeUrl(
  connectBase: string,
  app: WechatWebApp,
  state: string,
): string {
  return (
    `${withoutTrailingSlash(connectBase)}/connect/oauth2/authorize` +
    `?appid=${encodeURIComponent(app.appId)}` +
    `&redirect_uri=${encodeURIComponent(app.redirectUri)}` +
    `&response_type=code&scope=snsapi_userinfo` +
    `&state=${encodeURIComponent(state)}#wechat_redirect`
  );
}
