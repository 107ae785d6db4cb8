import { AUTHORIZATION_SCHEME } from './constants';
import { decodeStrictBase64 } from './strict-base64';

export interface ParsedAuthorization {
  apiKey: string;
  signature: string;
  /**
   * Decimal milliseconds exactly as sent. Kept as text because the string to sign must use "the
   * same decimal string as in the header"; verifyRequest converts it for the clock check.
   */
  timestamp: string;
}

const PREFIX = `${AUTHORIZATION_SCHEME} `;

// apiKey ":" signature " " timestamp. Key and signature are base64 by definition, so each is one or
// more printable ASCII characters other than ":" (0x3a) — this also keeps control characters and
// non-ASCII text out of key lookups and logs; the timestamp is ASCII decimal digits only.
const CREDENTIALS = /^([\x21-\x39\x3b-\x7e]+):([\x21-\x39\x3b-\x7e]+) ([0-9]+)$/;

/**
 * Splits a `Caa` Authorization header into its parts, or returns null for anything rule 1 of
 * signature.md rejects (`400 invalid authorization`): a missing header, anything but `Caa`, one
 * space and canonical standard base64, or decoded text not of the form
 * `<apiKey>:<signature> <decimal timestamp>`. Says nothing about whether the signature is right.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (typeof header !== 'string' || !header.startsWith(PREFIX)) return null;
  const bytes = decodeStrictBase64(header.slice(PREFIX.length));
  if (bytes === null) return null;
  // latin1 maps each byte to one character, so any non-ASCII byte fails the ASCII-only pattern.
  const match = CREDENTIALS.exec(bytes.toString('latin1'));
  if (match === null) return null;
  const [, apiKey = '', signature = '', timestamp = ''] = match;
  return { apiKey, signature, timestamp };
}
