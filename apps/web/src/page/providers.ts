import type { OAuthBindingType } from '@wechat-bind/dto';

/** A sign-in provider the page can bind: its API type, its route slug and its display name. */
export interface Provider {
  type: OAuthBindingType;
  /** The last segment of its return route, `#/account/settings/binding/<slug>`. */
  slug: 'wechat' | 'dingtalk';
  label: string;
}

/** In the order the page lists them (the API's order too). */
export const PROVIDERS: readonly Provider[] = [
  { type: 'WECHAT', slug: 'wechat', label: 'WeChat' },
  { type: 'DING_TALK', slug: 'dingtalk', label: 'DingTalk' },
];

export const providerBySlug = (slug: string): Provider | undefined =>
  PROVIDERS.find((provider) => provider.slug === slug);

export const providerByType = (type: string): Provider | undefined =>
  PROVIDERS.find((provider) => provider.type === type);
