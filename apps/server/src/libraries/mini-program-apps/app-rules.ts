import { ValidationError } from '../errors';
import { constantTimeEqualHex, sha256Hex } from '../token-hash';

/**
 * What an app's appId and AppSecret may look like. `app:add` takes only the shape WeChat hands out
 * ("wx" and 16 letters or digits: the mini-program console's AppID, or a development app in the
 * sandbox such as wx0sandbox0miniapp). The store accepts what WECHAT_MINIPROGRAM_APPS always
 * has (up to 64 letters, digits, `_` and `-`: every auth_app_id a client can send), so that the
 * apps an environment named before this table existed are still seeded and can still be removed.
 */
export const WECHAT_APP_ID_PATTERN = /^wx[0-9A-Za-z]{16}$/;
export const STORED_APP_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** WeChat's AppSecrets are 32 hex digits; anything printable without spaces, up to 128, passes. */
const APP_SECRET_PATTERN = /^[\x21-\x7e]{1,128}$/;

export const APP_ID_RULE = 'an appId is "wx" and 16 letters or digits, e.g. wx0123456789abcdef';
export const STORED_APP_ID_RULE = 'an appId is 1 to 64 letters, digits, "_" or "-"';

export function requireWechatAppId(appId: string): string {
  if (!WECHAT_APP_ID_PATTERN.test(appId)) throw new ValidationError('appId', APP_ID_RULE);
  return appId;
}

export function requireAppSecret(secret: string): string {
  if (!APP_SECRET_PATTERN.test(secret)) {
    throw new ValidationError(
      'secret',
      'an AppSecret is 1 to 128 printable characters without spaces (WeChat gives 32 hex digits)',
    );
  }
  return secret;
}

/** Two secrets compared without a timing signal of where they first differ. */
export const sameSecret = (a: string, b: string): boolean =>
  constantTimeEqualHex(sha256Hex(a), sha256Hex(b));
