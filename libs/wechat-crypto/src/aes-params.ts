import { WechatCryptoError } from './errors';
import { decodeStrictBase64 } from './strict-base64';

// AES-128: the key and the CBC initial vector are both exactly one 16-byte block.
const AES_128_BYTES = 16;

/** session_key as AES-128 key bytes, or `invalid_session_key`. */
export function decodeSessionKey(sessionKey: unknown): Buffer {
  const key = decodeStrictBase64(sessionKey);
  if (key === null || key.length !== AES_128_BYTES)
    throw new WechatCryptoError('invalid_session_key');
  return key;
}

/** iv as CBC initial-vector bytes, or `invalid_iv`. */
export function decodeIv(iv: unknown): Buffer {
  const bytes = decodeStrictBase64(iv);
  if (bytes === null || bytes.length !== AES_128_BYTES) throw new WechatCryptoError('invalid_iv');
  return bytes;
}

/** encrypted_data as whole AES blocks, or `invalid_encrypted_data`. */
export function decodeCiphertext(encryptedData: unknown): Buffer {
  const bytes = decodeStrictBase64(encryptedData);
  // CBC with PKCS#7 always yields at least one full block, so anything else was cut or mangled.
  if (bytes === null || bytes.length === 0 || bytes.length % AES_128_BYTES !== 0) {
    throw new WechatCryptoError('invalid_encrypted_data');
  }
  return bytes;
}

export const AES_ALGORITHM = 'aes-128-cbc';
