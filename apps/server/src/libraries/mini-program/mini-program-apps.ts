import type { MiniProgramApp } from '../../config';
import { miniProgramErrors } from './errors';

/** The configured mini-program `auth_app_id` names, or a 400: its secret is what signs in. */
export function requireMiniProgramApp(
  apps: readonly MiniProgramApp[],
  appId: string,
): MiniProgramApp {
  const app = apps.find((candidate) => candidate.appId === appId);
  if (!app) throw miniProgramErrors.unknownApp();
  return app;
}
