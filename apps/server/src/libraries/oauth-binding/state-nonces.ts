import { randomBytes } from 'node:crypto';
import type { Redis } from '../../redis/create-redis';
import { sha256Hex } from '../token-hash';
import type { OAuthBindingType } from './binding-types';

/**
 * The OAuth `state` of a binding: a random nonce the server issues with the authorize URL and
 * takes back exactly once with the code. It protects against login CSRF (someone else's code
 * bound to this user) and ties the code to the user and type that started the flow.
 *
 * Kept in Redis, so every instance shares it. The key holds the user, the type and the nonce's
 * SHA-256 (the nonce itself is a credential and is not stored): a state presented by another user
 * or for another type names another key and is simply not found, and does not burn the owner's
 * state. GETDEL takes it atomically, so of two requests racing with one state exactly one wins.
 */

/** Ten minutes: long enough to scan a QR code and confirm, short enough to leave little to steal. */
export const STATE_TTL_SECONDS = 600;

/** 16 random bytes as 32 hex digits, the shape of the state in 03's example URL. */
const NONCE_BYTES = 16;

export type StateIntent = 'bind' | 'rebind';

export interface StateOwner {
  userId: string;
  type: OAuthBindingType;
}

/** Where a state lives in Redis (under the client's key prefix). */
export const stateKey = ({ userId, type }: StateOwner, nonce: string): string =>
  `oauth-binding:state:${type}:${userId}:${sha256Hex(nonce)}`;

/** Issues a fresh nonce for this user, type and intent, valid for `ttlSeconds`. */
export async function issueState(
  redis: Redis,
  owner: StateOwner,
  intent: StateIntent,
  ttlSeconds: number = STATE_TTL_SECONDS,
): Promise<string> {
  const nonce = randomBytes(NONCE_BYTES).toString('hex');
  await redis.set(stateKey(owner, nonce), intent, 'EX', ttlSeconds);
  return nonce;
}

/**
 * Takes the nonce back: its intent, once, for a state issued to this owner and still alive; else
 * null. Any other stored value (a state issued before intents were recorded) counts as `bind`,
 * the intent that changes less.
 */
export async function consumeState(
  redis: Redis,
  owner: StateOwner,
  nonce: string,
): Promise<StateIntent | null> {
  const stored = await redis.getdel(stateKey(owner, nonce));
  if (stored === null) return null;
  return stored === 'rebind' ? 'rebind' : 'bind';
}
