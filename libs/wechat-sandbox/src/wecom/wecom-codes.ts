import type { MintWecomCodeResult, WecomApp, WecomUser } from '../control/types';
import { newCode } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';

/**
 * The code WeCom's web login (/wwlogin/sso/login) hands the app's redirect_uri when a user signs
 * in: single use, for this agent of this corp only, redeemed at /cgi-bin/auth/getuserinfo.
 */
export function mintWecomCode(
  state: SandboxState,
  app: WecomApp,
  user: WecomUser,
): MintWecomCodeResult {
  const code = newCode();
  state.wecomCodes.put(
    code,
    { corpId: app.corpId, agentId: app.agentId, userId: user.userId },
    state.config.codeTtlMs,
  );
  return { code, userId: user.userId };
}
