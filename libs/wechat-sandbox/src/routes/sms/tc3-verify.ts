import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The checking side of Tencent Cloud's TC3-HMAC-SHA256, written apart from the server's signer
 * so a mistake in one is not repeated in the other. It rebuilds the canonical request from the
 * request as received: the signed headers named in the Authorization header (names and values
 * lower-cased and trimmed, as the documentation says), the path and the raw body.
 */
export interface ReceivedTc3Request {
  authorization: string | undefined;
  /** Lower-case header name → value, as received. */
  headers: Record<string, string | string[] | undefined>;
  method: string;
  path: string;
  query: string;
  body: string;
}

export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function parseTc3Authorization(value: string | undefined): ParsedAuthorization | undefined {
  const match = value === undefined ? null : AUTHORIZATION.exec(value);
  if (!match) return undefined;
  const [, secretId, date, service, signedHeaders, signature] = match;
  return {
    secretId: secretId!,
    date: date!,
    service: service!,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text, 'utf8').digest();

/** Whether `request` carries a valid signature by `secretKey` made at `timestamp`. */
export function tc3SignatureMatches(
  request: ReceivedTc3Request,
  parsed: ParsedAuthorization,
  secretKey: string,
  timestamp: string,
): boolean {
  const headerValue = (name: string) => {
    const raw = request.headers[name];
    return (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim().toLowerCase();
  };
  const canonicalRequest = [
    request.method,
    request.path,
    request.query,
    parsed.signedHeaders.map((name) => `${name}:${headerValue(name)}\n`).join(''),
    parsed.signedHeaders.join(';'),
    sha256(request.body),
  ].join('\n');
  const scope = `${parsed.date}/${parsed.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', timestamp, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, parsed.date), parsed.service), 'tc3_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(parsed.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
