import type { Dialect } from '../dialect';
import { miniProgramRequestError } from './errors';
import { renderAccountsError } from './renderer';
import { miniProgramRoutes } from './routes';

/** 05 mini-program sign-in and phone binding. */
export const miniProgram: Dialect = {
  name: 'accounts',
  prefix: '/accounts',
  routes: miniProgramRoutes,
  toRequestError: miniProgramRequestError,
  render: renderAccountsError,
};
