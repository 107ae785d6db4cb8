import { computeSignature } from './compute-signature';
import { AUTHORIZATION_SCHEME } from './constants';
import { stringToSign, type StringToSignInput } from './string-to-sign';
import { formatTimestamp } from './timestamp';

export interface SignRequestInput extends StringToSignInput {
  apiKey: string;
  apiSecret: string;
}

/**
 * The full `Authorization` header value for a request:
 * `Caa base64(apiKey + ":" + signature + " " + timestamp)` (signature.md, "Header").
 */
export function signRequest({ apiKey, apiSecret, ...request }: SignRequestInput): string {
  // A key with ':' or whitespace would produce a header parseAuthorization cannot split back.
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(apiKey)) {
    throw new TypeError('apiKey must be printable ASCII without ":" or spaces');
  }
  const timestamp = formatTimestamp(request.timestamp);
  const signature = computeSignature(apiSecret, stringToSign({ ...request, timestamp }));
  const credentials = `${apiKey}:${signature} ${timestamp}`;
  return `${AUTHORIZATION_SCHEME} ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}
