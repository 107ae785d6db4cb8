import { ttlSeconds } from '../config';
import type { AppTokenGrant } from '../state/grants';
import { newToken } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';
import { WechatError } from './wechat-error';

export interface AppTokenReply {
  access_token: string;
  expires_in: number;
}

/**
 * /cgi-bin/token: a new token per call. WeChat keeps the previous token usable for a few minutes
 * after a new one is issued; the sandbox keeps it until its own expiry, which is kinder still.
 */
export function issueAppToken(state: SandboxState, appid: string): AppTokenReply {
  const token = newToken();
  state.appTokens.put(token, { appid }, state.config.accessTokenTtlMs);
  return { access_token: token, expires_in: ttlSeconds(state.config.accessTokenTtlMs) };
}

/**
 * /cgi-bin/stable_token: normal mode returns the app's current token, with the seconds it has
 * left, for as long as it lives; force_refresh revokes it at once and issues a new one.
 */
export function issueStableToken(
  state: SandboxState,
  appid: string,
  forceRefresh: boolean,
): AppTokenReply {
  const current = state.stableTokens.get(appid);
  if (current !== undefined) {
    const found = state.appTokens.peek(current);
    if (!forceRefresh && found.status === 'ok') {
      return { access_token: current, expires_in: ttlSeconds(found.expiresAt - Date.now()) };
    }
    state.appTokens.revoke(current);
  }
  const reply = issueAppToken(state, appid);
  state.stableTokens.set(appid, reply.access_token);
  return reply;
}

/**
 * The `access_token` query parameter of an app-level API (getuserphonenumber, checksession):
 * missing 41001, unknown or revoked 40001, expired 42001.
 */
export function requireAppToken(state: SandboxState, token: string | undefined): AppTokenGrant {
  if (token === undefined) throw new WechatError(41001);
  const found = state.appTokens.peek(token);
  if (found.status === 'ok') return found.value;
  throw new WechatError(found.status === 'expired' ? 42001 : 40001);
}
