import { recordAudit } from '../audit';
import type { ProfileOrigin, ProfilesContext } from './context';
import { ProfileError } from './errors';
import { normalizeNickname } from './nickname';

/**
 * The signed-in user chooses their name (users.name), which every contract then shows instead of
 * the WeChat profile's. Locked and audited in one transaction; the same name again changes
 * nothing and writes no audit row.
 */
export async function rename(
  context: ProfilesContext,
  input: { userId: string; nickname: string },
  origin: ProfileOrigin,
): Promise<{ name: string }> {
  const name = normalizeNickname(input.nickname);
  const { sequelize, models } = context;
  return sequelize.transaction(async (transaction) => {
    const user = await models.User.findByPk(input.userId, {
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!user) throw new ProfileError('user_gone');
    if (user.name === name) return { name };
    const previous = user.name;
    user.name = name;
    await user.save({ transaction });
    await recordAudit(
      models,
      {
        action: 'profile.rename',
        actor: { type: 'user', id: user.id },
        subject: { type: 'user', id: user.id },
        ip: origin.ip,
        userAgent: origin.userAgent,
        details: { from: previous, to: name },
      },
      transaction,
    );
    return { name };
  });
}
