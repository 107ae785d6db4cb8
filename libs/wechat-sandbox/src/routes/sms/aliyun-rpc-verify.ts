import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The checking side of Alibaba Cloud's RPC signature (HMAC-SHA1, version 1.0), apart from the
 * server's signer: every received parameter but Signature, sorted, RFC 3986-encoded, joined, then
 * `METHOD&%2F&<that, encoded again>` HMAC-SHA1-ed under `AccessKeySecret&`.
 */
const encode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export function rpcSignatureMatches(
  method: string,
  params: Record<string, string>,
  accessKeySecret: string,
): boolean {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${encode(name)}=${encode(params[name]!)}`)
    .join('&');
  const stringToSign = `${method}&${encode('/')}&${encode(canonical)}`;
  const expected = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(params.Signature ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
