import { renderPlainError } from '../errors/plain-renderer';
import { accountLinking } from './account-linking';
import type { Dialect, ErrorDialect } from './dialect';
import { miniProgram } from './mini-program';
import { oauthBinding } from './oauth-binding';
import { weixinBinding } from './weixin-binding';

/**
 * The four API contracts. Which one a request belongs to is decided by its path prefix alone, so
 * that even requests no route matched (404, 405, bad JSON, 413) answer in the envelope their
 * client expects.
 */
export const dialects: readonly Dialect[] = [
  weixinBinding,
  oauthBinding,
  miniProgram,
  accountLinking,
];

/** Health checks, metrics, /docs, the settings page and unknown roots. */
export const plainDialect: ErrorDialect = {
  name: 'plain',
  toRequestError: () => undefined,
  render: renderPlainError,
};

// Longest prefix first, so that `/accounts` is never taken for `/account`.
const byPrefix = [...dialects].sort((a, b) => b.prefix.length - a.prefix.length);

export function dialectForPath(path: string): ErrorDialect {
  for (const dialect of byPrefix) {
    const { prefix } = dialect;
    if (path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/')) {
      return dialect;
    }
  }
  return plainDialect;
}
