import type { Dialect } from '../dialect';
import { oauthBindingRequestError } from './errors';
import { renderAdministratorError } from './renderer';
import { ADMINISTRATOR_PREFIX, oauthBindingRoutes } from './routes';

/** 02/03 administrator API: binding a user's WeChat, DingTalk or WeCom account, with a token. */
export const oauthBinding: Dialect = {
  name: 'administrator',
  prefix: ADMINISTRATOR_PREFIX,
  routes: oauthBindingRoutes,
  toRequestError: oauthBindingRequestError,
  render: renderAdministratorError,
};
