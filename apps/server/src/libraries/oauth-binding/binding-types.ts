import type { OAuthBindingType } from '@wechat-bind/dto';
import { OAUTH_BINDING_TYPES } from '@wechat-bind/dto';
import type { Provider } from '../../store/models';

export type { OAuthBindingType };
export { OAUTH_BINDING_TYPES };

/** The documents' login methods (`WECHAT`, `DING_TALK`) and the store's provider names. */
export const providerOf: Record<OAuthBindingType, Provider> = {
  WECHAT: 'wechat',
  DING_TALK: 'dingtalk',
};

export const typeOf: Record<Provider, OAuthBindingType> = {
  wechat: 'WECHAT',
  dingtalk: 'DING_TALK',
};

/** How each method is named in messages to the user. */
export const typeLabel: Record<OAuthBindingType, string> = {
  WECHAT: '微信',
  DING_TALK: '钉钉',
};
