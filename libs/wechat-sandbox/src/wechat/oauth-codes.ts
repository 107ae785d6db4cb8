import type { MintOauthCodeResult, WechatApp, WechatUser } from '../control/types';
import { newCode } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';

/**
 * The code WeChat hands a website (qrconnect redirect) or mobile app (SDK callback) when a user
 * allows it, to be exchanged at /sns/oauth2/access_token.
 */
export function mintOauthCode(
  state: SandboxState,
  app: WechatApp,
  user: WechatUser,
  scope: string,
): MintOauthCodeResult {
  const openid = state.wechatUsers.openidFor(user, app.appid);
  const code = newCode();
  state.oauthCodes.put(
    code,
    { appid: app.appid, unionid: user.unionid, openid, scope },
    state.config.codeTtlMs,
  );
  return { code, openid, unionid: user.unionid, scope };
}
