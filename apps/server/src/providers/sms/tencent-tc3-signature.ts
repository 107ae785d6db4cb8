import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256: a canonical request (method, path,
 * query, the signed headers, the body's SHA-256) is hashed into a string to sign, which is
 * HMAC-ed with a key derived from the SecretKey, the UTC date and the service. Only the
 * Authorization header leaves the process; the SecretKey never does.
 */
export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product, e.g. `sms`: part of the credential scope. */
  service: string;
  /** The Host header exactly as sent (with the port when it is not the scheme's default). */
  host: string;
  contentType: string;
  /** The body as sent, byte for byte. */
  payload: string;
  /** Unix seconds, also sent as X-TC-Timestamp. */
  timestamp: number;
  /** The request path; `/` for Tencent Cloud's own hosts. */
  path?: string;
}

const ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text, 'utf8').digest();

/** The UTC date (YYYY-MM-DD) of a Unix timestamp, as the credential scope names it. */
export const tc3Date = (timestamp: number) => new Date(timestamp * 1000).toISOString().slice(0, 10);

export function tc3Signature(request: Tc3Request): string {
  const canonicalRequest = [
    'POST',
    request.path ?? '/',
    '',
    // Header values are lower-cased in the canonical form, as the documentation specifies.
    `content-type:${request.contentType.toLowerCase()}\nhost:${request.host.toLowerCase()}\n`,
    SIGNED_HEADERS,
    sha256Hex(request.payload),
  ].join('\n');
  const date = tc3Date(request.timestamp);
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = [ALGORITHM, request.timestamp, scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signingKey = hmac(
    hmac(hmac(`TC3${request.secretKey}`, date), request.service),
    'tc3_request',
  );
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** The Authorization header of a signed request. */
export function tc3Authorization(request: Tc3Request): string {
  const scope = `${tc3Date(request.timestamp)}/${request.service}/tc3_request`;
  return (
    `${ALGORITHM} Credential=${request.secretId}/${scope}, ` +
    `SignedHeaders=${SIGNED_HEADERS}, Signature=${tc3Signature(request)}`
  );
}
