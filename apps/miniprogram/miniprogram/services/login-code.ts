import { login } from './wechat';

/**
 * A `wx.login` code fetched ahead of the tap. Order matters: WeChat encrypts the profile with the
 * session key current when the user-info call runs, and `wx.login` may replace that key, so the
 * login has to come first; yet `wx.getUserProfile` must run at the very start of the tap handler.
 * Logging in when the page loads satisfies both.
 */
let prepared: { code: Promise<string>; at: number } | undefined;

/** WeChat's codes live five minutes; one older than this is fetched again rather than risked. */
const CODE_MAX_AGE_MS = 4 * 60 * 1000;

/** Logs in now, replacing any prepared code. */
export function prepareLoginCode(now = Date.now()): void {
  const code = login();
  // A failed prefetch is not an error yet: takeLoginCode logs in again when it is needed.
  code.catch(() => undefined);
  prepared = { code, at: now };
}

/** Logs in unless a fresh enough code is already prepared. */
export function ensureLoginCode(now = Date.now()): void {
  if (!prepared || now - prepared.at > CODE_MAX_AGE_MS) prepareLoginCode(now);
}

/** The prepared code (each is handed out once), or a fresh `wx.login` if it is missing, old or failed. */
export function takeLoginCode(now = Date.now()): Promise<string> {
  const taken = prepared;
  prepared = undefined;
  if (!taken || now - taken.at > CODE_MAX_AGE_MS) return login();
  return taken.code.catch(() => login());
}
