import type { DingtalkApp, DingtalkUser, MintDingtalkAuthCodeResult } from '../control/types';
import { newCode } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';

/** The authCode DingTalk hands a website when a user allows it (login.dingtalk.com/oauth2/auth). */
export function mintDingtalkAuthCode(
  state: SandboxState,
  app: DingtalkApp,
  user: DingtalkUser,
): MintDingtalkAuthCodeResult {
  const authCode = newCode();
  state.dingtalkCodes.put(
    authCode,
    { clientId: app.clientId, unionId: user.unionId },
    state.config.codeTtlMs,
  );
  return { authCode, unionId: user.unionId, openId: user.openId };
}
