/**
 * Why a WeChat payload was refused. Each reason is distinct so the server can map it to the right
 * reply (a stale session key is the client's cue to log in again; a watermark mismatch is not).
 */
export type WechatCryptoErrorReason =
  | 'invalid_session_key'
  | 'invalid_iv'
  | 'invalid_encrypted_data'
  | 'bad_padding'
  | 'invalid_json'
  | 'watermark_mismatch';

const MESSAGES: Record<WechatCryptoErrorReason, string> = {
  invalid_session_key: 'session_key is not canonical base64 of 16 bytes',
  invalid_iv: 'iv is not canonical base64 of 16 bytes',
  invalid_encrypted_data:
    'encrypted_data is not canonical base64 of a non-empty multiple of 16 bytes',
  bad_padding: 'encrypted_data did not decrypt (wrong session_key or iv, or damaged data)',
  invalid_json: 'decrypted data is not a JSON object',
  watermark_mismatch: 'decrypted data has no watermark for this appid',
};

/**
 * The only error this package throws. Callers switch on `reason`; the underlying crypto or JSON
 * exception, if any, is kept as `cause` for logs and never escapes on its own.
 */
export class WechatCryptoError extends Error {
  override readonly name = 'WechatCryptoError';
  readonly reason: WechatCryptoErrorReason;

  constructor(reason: WechatCryptoErrorReason, options?: { cause?: unknown }) {
    super(MESSAGES[reason], options);
    this.reason = reason;
  }
}
