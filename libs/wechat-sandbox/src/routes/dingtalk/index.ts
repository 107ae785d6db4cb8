import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerContactUsersMe } from './contact-users-me';
import { registerOauth2Auth } from './oauth2-auth';
import { registerUserAccessToken } from './user-access-token';

/** api.dingtalk.com and login.dingtalk.com, on one origin. */
export function registerDingtalkRoutes(router: Router, state: SandboxState): void {
  registerUserAccessToken(router, state);
  registerContactUsersMe(router, state);
  registerOauth2Auth(router, state);
}
