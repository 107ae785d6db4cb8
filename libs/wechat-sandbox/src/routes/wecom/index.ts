import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerGettoken } from './gettoken';
import { registerGetuserinfo } from './getuserinfo';
import { registerSsoLogin } from './sso-login';

/** qyapi.weixin.qq.com and login.work.weixin.qq.com, on one origin. */
export function registerWecomRoutes(router: Router, state: SandboxState): void {
  registerGettoken(router, state);
  registerGetuserinfo(router, state);
  registerSsoLogin(router, state);
}
