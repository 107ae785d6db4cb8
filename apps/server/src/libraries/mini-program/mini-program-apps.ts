import type { MiniProgramApp } from '../../config';
import { MiniProgramError } from './errors';

/** The configured mini-program `auth_app_id` names, or `unknown_app`: its secret is what signs in. */
export function requireMiniProgramApp(
  apps: readonly MiniProgramApp[],
  appId: string,
): MiniProgramApp {
  const app = apps.find((candidate) => candidate.appId === appId);
  if (!app) throw new MiniProgramError('unknown_app');
  return app;
}
