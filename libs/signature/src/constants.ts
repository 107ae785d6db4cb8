/** The auth-scheme word in `Authorization: Caa <base64>`, matched exactly as signature.md spells it. */
export const AUTHORIZATION_SCHEME = 'Caa';

/**
 * How far a request's timestamp may be from the server clock, either side (rule 3), and therefore
 * how long the server must remember a seen (apiKey, signature) pair to refuse replays (rule 5):
 * an older replay already fails the clock check.
 */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;
