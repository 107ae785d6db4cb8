import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud RPC-style request signing (SignatureMethod HMAC-SHA1, SignatureVersion 1.0):
 * every parameter but Signature, sorted by name and percent-encoded (RFC 3986: only letters,
 * digits and `-_.~` are left as they are; a space is `%20`, never `+`), joined into the canonical
 * query; the string to sign is `METHOD&%2F&` + the canonical query percent-encoded once more; the
 * signature is base64 HMAC-SHA1 of it under `AccessKeySecret&`.
 */
export function aliyunPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name]!)}`)
    .join('&');
}

export function aliyunSignature(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}
