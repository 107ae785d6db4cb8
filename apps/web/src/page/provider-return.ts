import type { Provider } from './providers';
import { providerBySlug } from './providers';

/** The page's own route; the address shows it once a provider's return has been handled. */
export const SETTINGS_ROUTE = '#/account/settings';

/** The routes the configured redirect URIs name: `#/account/settings/binding/wechat|dingtalk`. */
const BINDING_ROUTE = /^#\/account\/settings\/binding\/([a-z-]+)\/?(?:\?(.*))?$/;

/** What the provider's code is called in the POST: DingTalk's own `authCode`, else `code`. */
export interface Grant {
  name: 'code' | 'authCode';
  value: string;
}

/** What the browser brought back from a provider's consent page. */
export type ProviderReturn =
  /** Allowed: the code (single use, minutes long) and the state to POST. */
  | { kind: 'granted'; provider: Provider; grant: Grant; state: string }
  /** Refused on the provider's page: WeChat sends only `state`, DingTalk `error=access_denied`. */
  | { kind: 'refused'; provider: Provider }
  /** A code without a state (a mangled link): nothing can be finished with it. */
  | { kind: 'incomplete'; provider: Provider }
  /** The bare route, e.g. a bookmark: nothing to finish. */
  | { kind: 'empty'; provider: Provider };

/**
 * Reads a return from the page's address. WeChat and DingTalk add their parameters before the
 * `#fragment` (`/?code=…&state=…#/account/settings/binding/wechat`), since browsers never send a
 * fragment to the server; parameters inside the fragment's route are read too, in case a
 * provider or a proxy puts them there. Anything else is not a return: undefined.
 */
export function readProviderReturn(href: string): ProviderReturn | undefined {
  const url = new URL(href);
  const match = BINDING_ROUTE.exec(url.hash);
  const provider = match ? providerBySlug(match[1]!) : undefined;
  if (!match || !provider) return undefined;

  const params = new URLSearchParams(url.search);
  for (const [name, value] of new URLSearchParams(match[2] ?? '')) {
    if (!params.has(name)) params.set(name, value);
  }
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const code = read('code');
  const authCode = provider.type === 'DING_TALK' ? read('authCode') : undefined;
  const state = read('state');

  const grant: Grant | undefined = authCode
    ? { name: 'authCode', value: authCode }
    : code
      ? { name: 'code', value: code }
      : undefined;
  if (grant && state) return { kind: 'granted', provider, grant, state };
  if (grant) return { kind: 'incomplete', provider };
  if (state || read('error')) return { kind: 'refused', provider };
  return { kind: 'empty', provider };
}

/**
 * The address to show after a return: the settings route, without the query. The code and state
 * are single-use secrets; left in the address they would sit in the history and be sent again by
 * a reload.
 */
export function settingsAddress(href: string): string {
  const url = new URL(href);
  url.search = '';
  url.hash = SETTINGS_ROUTE;
  return url.toString();
}
