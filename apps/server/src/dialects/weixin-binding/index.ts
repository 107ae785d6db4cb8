import type { Dialect } from '../dialect';
import { weixinBindingRequestError } from './errors';
import { renderWeixinBindingError } from './renderer';
import { weixinBindingRoutes } from './routes';

/** 01 signed client API: binding a user's WeChat account, signed with the user's Caa key. */
export const weixinBinding: Dialect = {
  name: 'my',
  prefix: '/api/my',
  routes: weixinBindingRoutes,
  toRequestError: weixinBindingRequestError,
  render: renderWeixinBindingError,
};
