/**
 * The test vector of signature.md (shared by the tests; not exported).
 *
 * `signature` was computed outside this code, with the document's own command (OpenSSL 3.0.19):
 *   stringToSign=$(printf 'PUT\n/api/my/bind-weixin\n1510199443580\n{"userId":"59573c395c2960da1aa83a08"}')
 *   printf '%s' "$stringToSign" | openssl dgst -sha1 -hmac "$apiSecret" -binary | base64
 * and `header` by base64-encoding "$apiKey:$signature 1510199443580" with coreutils `base64 -w0`.
 * `apiKey` is the one in the seed's example header (01-my-bind-weixin.md).
 */
export const VECTOR = {
  apiKey: 'bCW3XwK5E4qJR8rz57eLtY5ogqa2ewkEGlkVtEMzg/A=',
  apiSecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=',
  method: 'PUT',
  target: '/api/my/bind-weixin',
  timestamp: '1510199443580',
  body: '{"userId":"59573c395c2960da1aa83a08"}',
  stringToSign: 'PUT\n/api/my/bind-weixin\n1510199443580\n{"userId":"59573c395c2960da1aa83a08"}',
  signature: 's/4YWkRdzKF2vYVD4CeQBzStQe0=',
  header:
    'Caa YkNXM1h3SzVFNHFKUjhyejU3ZUx0WTVvZ3FhMmV3a0VHbGtWdEVNemcvQT06cy80WVdrUmR6S0YydllWRDRDZ' +
    'VFCelN0UWUwPSAxNTEwMTk5NDQzNTgw',
} as const;

/** The example header in 01-my-bind-weixin.md (signed with a secret nobody has published). */
export const SEED_HEADER =
  'Caa YkNXM1h3SzVFNHFKUjhyejU3ZUx0WTVvZ3FhMmV3a0VHbGtWdEVNemcvQT06U25qR1ZLazhrSGs4eXdTSC93WVRm' +
  'eVNZYThrPSAxNTEwMTk5NDQzNTgw';
