import { randomBytes } from 'node:crypto';
import type { Redis } from '../../redis/create-redis';
import { sha256Hex } from '../token-hash';
import type { OAuthBindingType } from '../oauth-binding';

/**
 * The OAuth `state` of a sign-in: a single-use nonce tied to the browser that asked for it (its
 * sign-in cookie) and to the type, under a key of its own. A binding's state (which names a user)
 * never signs anyone in, a sign-in state never binds, and a code and state carried to another
 * browser (login CSRF: the victim signed in as the attacker) find nothing there.
 */

/** As long as a binding's state: time to scan a QR code and confirm. */
export const SIGN_IN_STATE_TTL_SECONDS = 600;

const stateKey = (type: OAuthBindingType, requester: string, nonce: string) =>
  `web-session:state:${type}:${sha256Hex(requester)}:${sha256Hex(nonce)}`;

export async function issueSignInState(
  redis: Redis,
  type: OAuthBindingType,
  requester: string,
): Promise<string> {
  const nonce = randomBytes(16).toString('hex');
  await redis.set(stateKey(type, requester, nonce), 'sign-in', 'EX', SIGN_IN_STATE_TTL_SECONDS);
  return nonce;
}

/** True once, for a live state issued to this browser for this type. */
export async function consumeSignInState(
  redis: Redis,
  type: OAuthBindingType,
  requester: string,
  nonce: string,
): Promise<boolean> {
  return (await redis.getdel(stateKey(type, requester, nonce))) === 'sign-in';
}
