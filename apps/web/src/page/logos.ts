import type { OAuthBindingType } from '@wechat-bind/dto';
import dingtalk from './logos/dingtalk.svg';
import wechat from './logos/wechat.svg';
import wecom from './logos/wecom.svg';

/**
 * Each provider's mark: simple shapes drawn for this page in its colours (no provider artwork),
 * bundled as data: URLs (the page's CSP allows `img-src data:`), shown in an <img> with alt text.
 */
export const LOGOS: Record<'WECHAT' | 'DING_TALK' | 'WECOM', string> = {
  WECHAT: wechat,
  DING_TALK: dingtalk,
  WECOM: wecom,
};

export const logoOf = (type: OAuthBindingType): string =>
  LOGOS[type === 'WECHAT_MP' ? 'WECHAT' : type];
