import { ttlSeconds } from '../config';
import type { DingtalkApp } from '../control/types';
import type { DingtalkGrant } from '../state/grants';
import { newToken } from '../state/ids';
import type { SandboxState } from '../state/sandbox-state';

export interface UserAccessTokenReply {
  accessToken: string;
  refreshToken: string;
  expireIn: number;
  corpId: string;
}

/**
 * The reply of /v1.0/oauth2/userAccessToken for a user's grant. `corpId` is the organisation the
 * user signed in as: the user's own when registered with one, else the app's.
 */
export function issueDingtalkToken(
  state: SandboxState,
  app: DingtalkApp,
  grant: DingtalkGrant,
): UserAccessTokenReply {
  const accessToken = newToken();
  const refreshToken = newToken();
  state.dingtalkTokens.put(accessToken, grant, state.config.accessTokenTtlMs);
  state.dingtalkRefreshTokens.put(refreshToken, grant, state.refreshTokenTtlMs);
  return {
    accessToken,
    refreshToken,
    expireIn: ttlSeconds(state.config.accessTokenTtlMs),
    corpId: state.dingtalkUsers.find(grant.unionId)?.corpId ?? app.corpId,
  };
}
