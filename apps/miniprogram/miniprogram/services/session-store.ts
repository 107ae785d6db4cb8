import type { WxaSessionData } from '@wechat-bind/dto';

/** The signed-in session as kept on the phone (wx storage is private to this app and user). */
export interface StoredSession {
  token: string;
  uid: string;
  openid: string;
  /** When the token stops working, in this phone's clock (ms since the epoch). */
  expiresAt: number;
}

const STORAGE_KEY = 'wechat-bind:session';

/**
 * Renew a minute early, so a token does not expire between the check and the server. The
 * expiry is counted from when the token arrived on this phone, not from the server's
 * `created_at`: a phone's clock may be off by hours, a duration is not.
 */
const EXPIRY_MARGIN_MS = 60 * 1000;

export function saveSession(data: WxaSessionData, now = Date.now()): StoredSession {
  const session: StoredSession = {
    token: data.token,
    uid: data.uid,
    openid: data.openid,
    expiresAt: now + data.expiration * 1000,
  };
  wx.setStorageSync(STORAGE_KEY, session);
  return session;
}

/** The stored session, expired or not; null when there is none (never signed in, signed out). */
export function readSession(): StoredSession | null {
  const value: unknown = wx.getStorageSync(STORAGE_KEY);
  if (typeof value !== 'object' || value === null) return null;
  const session = value as Partial<StoredSession>;
  if (
    typeof session.token !== 'string' ||
    typeof session.uid !== 'string' ||
    typeof session.openid !== 'string' ||
    typeof session.expiresAt !== 'number'
  ) {
    return null;
  }
  return session as StoredSession;
}

export function isExpired(session: StoredSession, now = Date.now()): boolean {
  return now >= session.expiresAt - EXPIRY_MARGIN_MS;
}

export function clearSession(): void {
  wx.removeStorageSync(STORAGE_KEY);
}
