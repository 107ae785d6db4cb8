import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerCgiBinToken } from './cgi-bin-token';
import { registerCheckSession } from './check-session';
import { registerGetUserPhoneNumber } from './get-user-phone-number';
import { registerJscode2session } from './jscode2session';
import { registerOauth2AccessToken } from './oauth2-access-token';
import { registerOauth2Authorize } from './oauth2-authorize';
import { registerQrconnect } from './qrconnect';
import { registerSnsAuth } from './sns-auth';
import { registerSnsUserinfo } from './sns-userinfo';
import { registerStableToken } from './stable-token';

/** api.weixin.qq.com and open.weixin.qq.com, on one origin. */
export function registerWechatRoutes(router: Router, state: SandboxState): void {
  registerJscode2session(router, state);
  registerCgiBinToken(router, state);
  registerStableToken(router, state);
  registerGetUserPhoneNumber(router, state);
  registerOauth2AccessToken(router, state);
  registerSnsUserinfo(router, state);
  registerSnsAuth(router, state);
  registerCheckSession(router, state);
  registerQrconnect(router, state);
  registerOauth2Authorize(router, state);
}
