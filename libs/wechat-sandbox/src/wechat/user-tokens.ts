import { ttlSeconds } from '../config';
import type { MintUserAccessTokenResult, WechatUser } from '../control/types';
import type { WechatUserGrant } from '../state/grants';
import { newToken } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';
import { WechatError } from './wechat-error';

/**
 * A user's grant to an app, as /sns/oauth2/access_token answers it; unionid only for apps bound
 * to an Open Platform account. The refresh_token is issued for realism; the sandbox does not
 * serve /sns/oauth2/refresh_token.
 */
export function issueUserToken(
  state: SandboxState,
  grant: WechatUserGrant,
  withUnionid: boolean,
): MintUserAccessTokenResult {
  const accessToken = newToken();
  state.userTokens.put(accessToken, grant, state.config.accessTokenTtlMs);
  return {
    access_token: accessToken,
    expires_in: ttlSeconds(state.config.accessTokenTtlMs),
    refresh_token: newToken(),
    openid: grant.openid,
    scope: grant.scope,
    ...(withUnionid ? { unionid: grant.unionid } : {}),
  };
}

/**
 * The `access_token` + `openid` pair of /sns/auth and /sns/userinfo. A token that is fine but was
 * granted by someone else answers 40003 (invalid openid), as WeChat does.
 */
export function requireUserToken(
  state: SandboxState,
  token: string | undefined,
  openid: string | undefined,
): { grant: WechatUserGrant; user: WechatUser } {
  if (token === undefined) throw new WechatError(41001);
  if (openid === undefined) throw new WechatError(41009);
  const found = state.userTokens.peek(token);
  if (found.status !== 'ok') throw new WechatError(found.status === 'expired' ? 42001 : 40001);
  const user = state.wechatUsers.find(found.value.unionid);
  if (found.value.openid !== openid || !user) throw new WechatError(40003);
  return { grant: found.value, user };
}
