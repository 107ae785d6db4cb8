import type { Dialect } from '../dialect';
import { accountLinkingRequestError } from './errors';
import { renderAccountError } from './renderer';
import { accountLinkingRoutes } from './routes';

/**
 * 04 WeChat and email account linking: `/account/wx*` for callers that vouch for the WeChat user
 * (a client-app key, or a gateway on ACCOUNT_WX_TRUSTED_PROXIES), plus the verification link.
 */
export const accountLinking: Dialect = {
  name: 'account',
  prefix: '/account',
  routes: accountLinkingRoutes,
  toRequestError: accountLinkingRequestError,
  render: renderAccountError,
};
