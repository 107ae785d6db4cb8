import type { OAuthBindingType } from '@wechat-bind/dto';
import { OAUTH_BINDING_TYPES } from '@wechat-bind/dto';
import type { Provider } from '../../store/models';

export type { OAuthBindingType };
export { OAUTH_BINDING_TYPES };

/**
 * The login methods and the store's provider names. WECHAT (website QR code) and WECHAT_MP
 * (official-account web authorisation) are two ways to prove the same WeChat person, so both are
 * the `wechat` provider: one WeChat binding per user, whichever way it was made.
 */
export const providerOf: Record<OAuthBindingType, Provider> = {
  WECHAT: 'wechat',
  DING_TALK: 'dingtalk',
  WECOM: 'wecom',
  WECHAT_MP: 'wechat',
};

/** How a binding is listed: a WeChat binding is `WECHAT`, however it was made. */
export const typeOf: Record<Provider, OAuthBindingType> = {
  wechat: 'WECHAT',
  dingtalk: 'DING_TALK',
  wecom: 'WECOM',
};

/** How each method is named in messages to the user. */
export const typeLabel: Record<OAuthBindingType, string> = {
  WECHAT: '微信',
  DING_TALK: '钉钉',
  WECOM: '企业微信',
  WECHAT_MP: '微信',
};
