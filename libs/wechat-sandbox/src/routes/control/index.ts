import { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerAppControl } from './apps';
import { registerCallControl } from './calls';
import { registerConfigControl } from './config';
import { registerFaultControl } from './faults';
import { registerMintControl } from './mint';
import { registerResetControl } from './reset';
import { registerSmsControl } from '../sms/sms-control';
import { registerUserControl } from './users';

export const CONTROL_PREFIX = '/__control';

/** The control API: JSON in, JSON out, errors as `{ error }` with a 4xx status. */
export function controlRouter(state: SandboxState): Router {
  const router = new Router({ prefix: CONTROL_PREFIX });
  registerAppControl(router, state);
  registerUserControl(router, state);
  registerMintControl(router, state);
  registerFaultControl(router, state);
  registerCallControl(router, state);
  registerConfigControl(router, state);
  registerSmsControl(router, state);
  registerResetControl(router, state);
  return router;
}
