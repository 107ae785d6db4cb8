import { UniqueConstraintError } from 'sequelize';
import type { MiniProgramAppActor, Models } from '../../store/models';
import { DuplicateError, NotFoundError } from '../errors';
import type { SecretBox } from '../secret-box';
import { SecretBoxError } from '../secret-box';
import { requireAppSecret, requireWechatAppId, STORED_APP_ID_PATTERN } from './app-rules';

/**
 * The admin side of the mini-program apps (`app:add`, `app:list`, `app:remove`). Each change is
 * one statement, and the running servers see it at their next reload of the apps
 * (app-registry.ts), without a restart.
 */

export interface AddMiniProgramAppInput {
  appId: string;
  secret: string;
  now?: Date;
}

export interface MiniProgramAppSummary {
  appId: string;
  addedBy: MiniProgramAppActor;
  addedAt: Date;
  removedBy: MiniProgramAppActor | null;
  removedAt: Date | null;
  status: 'active' | 'removed';
  /** Whether this DATA_KEY opens the sealed secret; false after a rotation until it is re-added. */
  secretReadable: boolean;
}

const byWhom = (actor: MiniProgramAppActor) =>
  actor === 'environment' ? 'WECHAT_MINIPROGRAM_APPS' : 'app:add';

/** Adds an app; an appId that is already active is a DuplicateError (remove it first). */
export async function addMiniProgramApp(
  models: Models,
  secretBox: SecretBox,
  { appId, secret, now = new Date() }: AddMiniProgramAppInput,
): Promise<{ appId: string; addedAt: Date }> {
  requireWechatAppId(appId);
  requireAppSecret(secret);
  try {
    await models.MiniProgramApp.create({
      appId,
      secretCiphertext: secretBox.seal(secret),
      addedBy: 'cli',
      addedAt: now,
    });
  } catch (error) {
    // The partial unique index is the check: two racing adds end with one app.
    if (!(error instanceof UniqueConstraintError)) throw error;
    const active = await models.MiniProgramApp.findOne({
      where: { appId, removedAt: null },
      attributes: ['addedBy', 'addedAt'],
    });
    const since = active
      ? ` (added by ${byWhom(active.addedBy)} ${active.addedAt.toISOString()})`
      : '';
    throw new DuplicateError(
      'appId',
      `app ${appId} is already active${since}; to give it another secret, app:remove it first`,
      { cause: error },
    );
  }
  return { appId, addedAt: now };
}

/** The active apps (every row ever, with `all`), oldest first. Never a secret, sealed or not. */
export async function listMiniProgramApps(
  models: Models,
  secretBox: SecretBox,
  { all = false }: { all?: boolean } = {},
): Promise<MiniProgramAppSummary[]> {
  const rows = await models.MiniProgramApp.findAll({
    where: all ? {} : { removedAt: null },
    order: [
      ['addedAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map((row) => ({
    appId: row.appId,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    removedBy: row.removedBy,
    removedAt: row.removedAt,
    status: row.removedAt === null ? 'active' : 'removed',
    secretReadable: opens(secretBox, row.secretCiphertext),
  }));
}

function opens(secretBox: SecretBox, sealed: string): boolean {
  try {
    secretBox.open(sealed);
    return true;
  } catch (error) {
    if (error instanceof SecretBoxError) return false;
    throw error;
  }
}

/** Removes an active app for good (the row stays, as history). Unknown: NotFoundError. */
export async function removeMiniProgramApp(
  models: Models,
  appId: string,
  now: Date = new Date(),
): Promise<void> {
  const notFound = new NotFoundError('app', appId, `app ${appId} not found or already removed`);
  if (!STORED_APP_ID_PATTERN.test(appId)) throw notFound;
  const [count] = await models.MiniProgramApp.update(
    { removedAt: now, removedBy: 'cli' },
    { where: { appId, removedAt: null } },
  );
  if (count === 0) throw notFound;
}
