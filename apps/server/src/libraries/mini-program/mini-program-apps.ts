import type { MiniProgramApp } from '../../config';
import type { MiniProgramAppRegistry } from '../mini-program-apps';
import { MiniProgramError } from './errors';

/** The active mini-program `auth_app_id` names, or `unknown_app`: its secret is what signs in. */
export async function requireMiniProgramApp(
  apps: MiniProgramAppRegistry,
  appId: string,
): Promise<MiniProgramApp> {
  const app = await apps.find(appId);
  if (!app) throw new MiniProgramError('unknown_app');
  return app;
}
