import type { AccountsMeData } from '@wechat-bind/dto';
import { getMe } from './accounts';
import { SignInRequiredError, UserFacingError } from './errors';
import { clearSession, isExpired, readSession } from './session-store';
import { renewSession } from './sign-in';

/** 401 on a token call: the token is missing, expired, forged, or its identity was unbound. */
const isTokenRefused = (error: unknown) => error instanceof UserFacingError && error.status === 401;

/** A new token, or SignInRequiredError when WeChat or the server says the user must sign in. */
async function renewedToken(): Promise<string> {
  let renewed;
  try {
    renewed = await renewSession();
  } catch (error) {
    // Network trouble or a busy server: the session may be fine, so keep it and report.
    if (error instanceof UserFacingError && (error.status === 0 || error.status >= 500)) {
      throw error;
    }
    clearSession();
    throw new SignInRequiredError();
  }
  if (!renewed) throw new SignInRequiredError();
  return renewed.token;
}

/**
 * Runs a call that needs the signed-in user's token. A token known to be expired is renewed
 * first; one the server refuses is renewed once and the call repeated. Without a stored session
 * (never signed in, signed out) it rejects with SignInRequiredError at once.
 */
export async function withSession<T>(call: (token: string) => Promise<T>): Promise<T> {
  const stored = readSession();
  if (!stored) throw new SignInRequiredError();
  const token = isExpired(stored) ? await renewedToken() : stored.token;
  try {
    return await call(token);
  } catch (error) {
    if (!isTokenRefused(error)) throw error;
    return call(await renewedToken());
  }
}

/** The signed-in user (`GET /accounts/me`). */
export const fetchCurrentUser = (): Promise<AccountsMeData> => withSession(getMe);

/** Sign out: tokens are stateless on the server, so forgetting it is all there is to do. */
export function signOut(): void {
  clearSession();
}

export function hasSession(): boolean {
  return readSession() !== null;
}
