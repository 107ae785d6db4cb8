import type { MiniProgramApp } from '../../config';
import type { MiniProgramAppInstance, Models } from '../../store/models';
import { sequelizeOf } from '../../store/select-rows';
import type { SecretBox } from '../secret-box';
import { sameSecret } from './app-rules';

/**
 * WECHAT_MINIPROGRAM_APPS at start: the apps it names are written to the store, which every
 * instance then reads (app-registry.ts). The rules, in docs/configuration.md:
 *
 * - an app the store has never had (or has only ever had added by the environment) is added;
 * - an app the environment added earlier with another secret gets the new one (the old row is
 *   retired): changing the setting and restarting rotates a secret, as it always has;
 * - an app `app:add` added with another secret keeps the CLI's secret, with a warning: the later,
 *   deliberate word wins over a setting nobody updated;
 * - an app `app:remove` removed stays removed, with a warning: a removal is never undone by a
 *   restart;
 * - an app the environment added and no longer names stays active, with a warning: forgetting a
 *   setting must not sign every user of a mini-program out (`app:remove` it to stop it).
 */

export interface SeedReport {
  added: string[];
  /** Apps whose secret the environment changed. */
  resealed: string[];
  /** Lines for the operator: each is something the environment says that the server does not do. */
  warnings: string[];
}

/** Any fixed 64-bit number: instances starting together seed one after the other. */
const SEED_LOCK_KEY = '7395011226481507005';

const UNREADABLE =
  'cannot be opened with this DATA_KEY (sealed under an earlier one): it answers unknown_app';

export async function seedMiniProgramApps(
  models: Models,
  secretBox: SecretBox,
  apps: readonly MiniProgramApp[],
  now: Date = new Date(),
): Promise<SeedReport> {
  const report: SeedReport = { added: [], resealed: [], warnings: [] };
  const sequelize = sequelizeOf(models);
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('SELECT pg_advisory_xact_lock($1)', {
      bind: [SEED_LOCK_KEY],
      transaction,
    });
    const rows = await models.MiniProgramApp.findAll({ order: [['id', 'ASC']], transaction });
    const latest = new Map<string, MiniProgramAppInstance>();
    for (const row of rows) latest.set(row.appId, row);
    const open = (row: MiniProgramAppInstance): string | undefined => {
      try {
        return secretBox.open(row.secretCiphertext);
      } catch {
        return undefined;
      }
    };
    const insert = (app: MiniProgramApp) =>
      models.MiniProgramApp.create(
        {
          appId: app.appId,
          secretCiphertext: secretBox.seal(app.secret),
          addedBy: 'environment',
          addedAt: now,
        },
        { transaction },
      );

    for (const app of apps) {
      const row = latest.get(app.appId);
      if (!row || (row.removedAt !== null && row.removedBy !== 'cli')) {
        await insert(app);
        report.added.push(app.appId);
        continue;
      }
      if (row.removedAt !== null) {
        report.warnings.push(
          `WECHAT_MINIPROGRAM_APPS names ${app.appId}, which app:remove removed at ` +
            `${row.removedAt.toISOString()}; it stays removed. Take it out of the setting, ` +
            'or app:add it again.',
        );
        continue;
      }
      const stored = open(row);
      if (stored !== undefined && sameSecret(stored, app.secret)) continue;
      if (row.addedBy === 'environment') {
        await row.update({ removedAt: now, removedBy: 'environment' }, { transaction });
        await insert(app);
        report.resealed.push(app.appId);
        continue;
      }
      report.warnings.push(
        stored === undefined
          ? `mini-program app ${app.appId} (added with app:add) ${UNREADABLE}; ` +
              'app:remove and app:add it again (the setting does not override app:add)'
          : `WECHAT_MINIPROGRAM_APPS gives ${app.appId} another secret than app:add stored; ` +
              'the stored one is used. To change it: app:remove, then app:add with the new one.',
      );
    }

    const named = new Set(apps.map((app) => app.appId));
    for (const row of latest.values()) {
      if (row.removedAt !== null || named.has(row.appId)) continue;
      if (row.addedBy === 'environment') {
        report.warnings.push(
          `mini-program app ${row.appId} was added from WECHAT_MINIPROGRAM_APPS, which no longer ` +
            'names it; it stays active until app:remove removes it.',
        );
      }
      if (open(row) === undefined) {
        report.warnings.push(
          `mini-program app ${row.appId} ${UNREADABLE}; app:remove and app:add it again`,
        );
      }
    }
  });
  return report;
}
