import { EN } from './messages';

/**
 * The personal access token lives in sessionStorage: it survives the round trip through the
 * provider's consent page (same tab, same origin) and a reload, and is gone when the tab closes.
 * It is never put in localStorage, a cookie or the address.
 */
const KEY = 'wechat-bind.access-token';

export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export function createTokenStore(storage: Storage): TokenStore {
  return {
    get: () => storage.getItem(KEY) ?? undefined,
    set: (token) => storage.setItem(KEY, token),
    clear: () => storage.removeItem(KEY),
  };
}

/** What a pasted token may be turned into, or why it cannot be one (EN's words; the page shows its own language's). */
export type ParsedToken = { ok: true; token: string } | { ok: false; problem: string };

/**
 * Accepts what people paste: surrounding spaces, a `Bearer ` prefix copied from a curl command.
 * Only the shape is checked here (`<id>|<secret>`, visible ASCII: anything else could not even be
 * sent in a header); whether the token is valid is for the server to say.
 */
export function parseToken(input: string): ParsedToken {
  const token = input.trim().replace(/^bearer\s+/i, '');
  if (token === '') return { ok: false, problem: EN.tokenMissing };
  if (!/^[\x21-\x7e]+$/.test(token) || !token.includes('|')) {
    return { ok: false, problem: EN.tokenShape };
  }
  return { ok: true, token };
}
