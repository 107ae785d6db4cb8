import { recordAudit } from '../audit';
import type { ProfileOrigin, ProfilesContext } from './context';
import { ProfileError } from './errors';

/** The user columns a signed-in user sets for themselves. */
type OwnField = 'name' | 'avatar';

/**
 * Sets one of the signed-in user's own profile fields: the user locked, the field written and an
 * audit row, in one transaction. The same value again changes nothing and writes no audit row.
 * `details` receives the value it replaces.
 */
export async function setOwnField(
  { sequelize, models }: ProfilesContext,
  change: {
    userId: string;
    field: OwnField;
    value: string;
    action: string;
    details: (previous: string | null) => Record<string, unknown>;
  },
  origin: ProfileOrigin,
): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    const user = await models.User.findByPk(change.userId, {
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!user) throw new ProfileError('user_gone');
    const previous = user[change.field];
    if (previous === change.value) return;
    user[change.field] = change.value;
    await user.save({ transaction });
    await recordAudit(
      models,
      {
        action: change.action,
        actor: { type: 'user', id: user.id },
        subject: { type: 'user', id: user.id },
        ip: origin.ip,
        userAgent: origin.userAgent,
        details: change.details(previous),
      },
      transaction,
    );
  });
}
