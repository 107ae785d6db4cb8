import type { MiniProgramContext, RequestOrigin } from './context';
import { MiniProgramError } from './errors';
import type { WxaSession } from './sessions';
import { isSessionToken } from './sessions';

export interface SessionClaim {
  appId: string;
  openid: string;
  /** The session_token wxa_authorize returned; undefined when the client sent none. */
  sessionToken: string | undefined;
}

/**
 * The live wxa_authorize session the caller proves it holds, or `authorize_first`. The proof is
 * the session_token of that session: a missing, wrong or expired one, or one issued for another
 * openid or app (each session has its own), is refused the same way, so the answer says nothing
 * about whether the openid has a session at all.
 *
 * With WXA_BIND_PROOF=openid (for old clients only; unsafe) a request without a token is
 * accepted on the openid's live session alone, as before the token existed; a token that is sent
 * is still checked.
 *
 * Every refusal is counted against the address (WXA_SESSION_FAILURES_PER_IP); past the limit the
 * answer is `too_many_requests`. Refusals have a bucket of their own, counted only after the check, so that an
 * address sending bogus tokens never blocks a correct one.
 */
export async function requireSession(
  context: MiniProgramContext,
  claim: SessionClaim,
  origin: RequestOrigin,
): Promise<WxaSession> {
  const session = await context.sessions.find(claim.appId, claim.openid);
  if (session && isProven(context, session, claim.sessionToken)) return session;
  await context.limits.afterSessionFailure({ ip: origin.ip });
  throw new MiniProgramError('authorize_first');
}

function isProven(
  context: MiniProgramContext,
  session: WxaSession,
  sessionToken: string | undefined,
): boolean {
  if (sessionToken !== undefined) return isSessionToken(session, sessionToken);
  return context.settings.bindProof === 'openid';
}
