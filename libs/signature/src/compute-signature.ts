import { createHmac } from 'node:crypto';

/**
 * base64( HMAC-SHA1(key = apiSecret as UTF-8 text, message = stringToSign as UTF-8) ), 28 chars.
 * The secret is used as text, not base64-decoded, because that is what signature.md specifies and
 * what its openssl reference command (`-hmac "$apiSecret"`) does.
 */
export function computeSignature(apiSecret: string, stringToSign: string): string {
  return createHmac('sha1', Buffer.from(apiSecret, 'utf8'))
    .update(stringToSign, 'utf8')
    .digest('base64');
}
