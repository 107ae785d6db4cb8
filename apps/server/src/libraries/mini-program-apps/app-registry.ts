import type { MiniProgramApp } from '../../config';
import type { Logger } from '../../logger';
import type { Models } from '../../store/models';
import { selectRows } from '../../store/select-rows';
import type { SecretBox } from '../secret-box';

/**
 * The mini-program apps as the running server sees them: every active app, read in one statement
 * and kept in memory for `refreshMs`. A lookup is a Map read; the store is asked again only when
 * the snapshot is older than that, by one lookup at a time (the others wait for the same load).
 * An unknown appId, whatever it is, is answered from the snapshot too, so nobody can make the
 * server query per request by sending made-up ones. The cost is the delay: an `app:add` or
 * `app:remove` reaches each instance at its next load, within `refreshMs` (docs/mini-program.md).
 */
export interface MiniProgramAppRegistry {
  /** The active app with this appId, or undefined. */
  find(appId: string): Promise<MiniProgramApp | undefined>;
}

export interface MiniProgramAppRegistryOptions {
  models: Models;
  secretBox: SecretBox;
  logger: Logger;
  /** How long a snapshot is used before the next lookup reloads it (WXA_APPS_REFRESH). */
  refreshMs: number;
  /** Told the apps after every load: the in-process development sandbox registers them. */
  onLoad?: (apps: readonly MiniProgramApp[]) => void;
  now?: () => number;
}

const ACTIVE_APPS_SQL = `SELECT id, app_id, secret_ciphertext FROM miniprogram_apps WHERE removed_at IS NULL`;

interface AppRow {
  id: string;
  app_id: string;
  secret_ciphertext: string;
}

interface Snapshot {
  apps: ReadonlyMap<string, MiniProgramApp>;
  loadedAt: number;
}

export function createMiniProgramAppRegistry({
  models,
  secretBox,
  logger,
  refreshMs,
  onLoad,
  now = Date.now,
}: MiniProgramAppRegistryOptions): MiniProgramAppRegistry {
  let snapshot: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;
  // Each unreadable row is reported once per process, not at every reload.
  const reported = new Set<string>();

  async function load(): Promise<Snapshot> {
    const loadedAt = now();
    const rows = await selectRows<AppRow>(models, ACTIVE_APPS_SQL, []);
    const apps = new Map<string, MiniProgramApp>();
    for (const row of rows) {
      try {
        apps.set(row.app_id, { appId: row.app_id, secret: secretBox.open(row.secret_ciphertext) });
      } catch (error) {
        // Sealed under an earlier DATA_KEY: it cannot sign in until it is added again. Loud for
        // the operator; unknown_app for the client, as an unopenable Caa key is "not found".
        if (reported.has(row.id)) continue;
        reported.add(row.id);
        logger.error(
          { err: error, appId: row.app_id },
          'mini-program app secret cannot be opened with this DATA_KEY; app:remove and app:add it again',
        );
      }
    }
    onLoad?.([...apps.values()]);
    return { apps, loadedAt };
  }

  function current(): Promise<Snapshot> {
    if (snapshot && now() - snapshot.loadedAt < refreshMs) return Promise.resolve(snapshot);
    loading ??= load()
      .then((loaded) => (snapshot = loaded))
      .finally(() => (loading = undefined));
    return loading;
  }

  return {
    async find(appId) {
      return (await current()).apps.get(appId);
    },
  };
}
