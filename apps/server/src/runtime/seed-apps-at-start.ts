import type { MiniProgramApp } from '../config';
import type { SeedReport } from '../libraries/mini-program-apps';
import { seedMiniProgramApps } from '../libraries/mini-program-apps';
import type { SecretBox } from '../libraries/secret-box';
import type { Logger } from '../logger';
import type { Models } from '../store/models';

/**
 * WECHAT_MINIPROGRAM_APPS (or the development app) written to the store before the server
 * listens, and what the operator should know about it logged: each app added or given a new
 * secret, and a warning for everything the setting asks that the store's history overrules.
 */
export async function seedAppsAtStart({
  models,
  secretBox,
  apps,
  logger,
}: {
  models: Models;
  secretBox: SecretBox;
  apps: readonly MiniProgramApp[];
  logger: Logger;
}): Promise<SeedReport> {
  const report = await seedMiniProgramApps(models, secretBox, apps);
  if (report.added.length > 0) {
    logger.info({ appIds: report.added }, 'mini-program apps added from WECHAT_MINIPROGRAM_APPS');
  }
  if (report.resealed.length > 0) {
    logger.info(
      { appIds: report.resealed },
      'mini-program apps given the secret WECHAT_MINIPROGRAM_APPS names',
    );
  }
  for (const warning of report.warnings) logger.warn(warning);
  return report;
}
