import { createHmac } from 'node:crypto';

/**
 * Signs a request the way a client holding only api-docs/signature.md would, with node:crypto and
 * Buffer and none of this repository's code (tests use it to prove the document is enough):
 *
 *   stringToSign = METHOD \n TARGET \n TIMESTAMP \n BODY
 *   signature    = base64( HMAC-SHA1(key = apiSecret as UTF-8 text, stringToSign) )
 *   header       = "Caa " + base64( apiKey + ":" + signature + " " + timestamp )
 */
export interface HandSignInput {
  apiKey: string;
  apiSecret: string;
  method: string;
  target: string;
  timestamp: number | string;
  body?: string;
}

export function signatureByHand({
  apiSecret,
  method,
  target,
  timestamp,
  body = '',
}: Omit<HandSignInput, 'apiKey'>): string {
  const stringToSign = [method.toUpperCase(), target, String(timestamp), body].join('\n');
  return createHmac('sha1', Buffer.from(apiSecret, 'utf8'))
    .update(Buffer.from(stringToSign, 'utf8'))
    .digest('base64');
}

export function signByHand(input: HandSignInput): string {
  const credentials = `${input.apiKey}:${signatureByHand(input)} ${String(input.timestamp)}`;
  return `Caa ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}
