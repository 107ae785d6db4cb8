import type { OAuthBindingType } from '@wechat-bind/dto';

/** A sign-in provider the page can bind: its API type, its route slug and its display name. */
export interface Provider {
  type: OAuthBindingType;
  /** The last segment of its return route, `#/account/settings/binding/<slug>`. */
  slug: 'wechat' | 'wechat-mp' | 'dingtalk' | 'wecom';
  label: 'WeChat' | 'DingTalk' | 'WeCom';
}

/** In the order the page lists them (the API's order too). */
export const PROVIDERS: readonly Provider[] = [
  { type: 'WECHAT', slug: 'wechat', label: 'WeChat' },
  { type: 'DING_TALK', slug: 'dingtalk', label: 'DingTalk' },
  { type: 'WECOM', slug: 'wecom', label: 'WeCom' },
];

/**
 * WeChat from inside WeChat: the official account's web authorisation, since a QR code cannot be
 * scanned on the phone that shows it. Not a row of its own: it binds the same WeChat account,
 * which the list shows as WeChat. Its return route is `…/binding/wechat-mp`.
 */
export const WECHAT_INSIDE_WECHAT: Provider = {
  type: 'WECHAT_MP',
  slug: 'wechat-mp',
  label: 'WeChat',
};

/** WeChat's own browser says so in its user agent (`… MicroMessenger/8.0.x …`). */
export const isInsideWechat = (userAgent: string): boolean => /MicroMessenger/i.test(userAgent);

/** The way to bind a row's provider here: WeChat's web authorisation inside WeChat. */
export const bindingProviderFor = (provider: Provider, userAgent: string): Provider =>
  provider.type === 'WECHAT' && isInsideWechat(userAgent) ? WECHAT_INSIDE_WECHAT : provider;

export const providerBySlug = (slug: string): Provider | undefined =>
  [...PROVIDERS, WECHAT_INSIDE_WECHAT].find((provider) => provider.slug === slug);

export const providerByType = (type: string): Provider | undefined =>
  PROVIDERS.find((provider) => provider.type === type);
