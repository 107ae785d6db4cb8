import type { Sequelize } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import type { AuditContext } from './audit-context';
import type { OAuthBindingType } from './binding-types';
import { providerOf } from './binding-types';
import { OAuthBindingError } from './oauth-binding-error';

/**
 * Unbinds the user's account of this type, in one transaction with the row locked. The account
 * row stays (unbound, with its openids), so the same person can be bound again later, to this
 * user or another. Of two unbinds racing, the second finds nothing once the first commits
 * (PostgreSQL re-checks the locked row against the WHERE) and is told it is not bound.
 */
export async function unbindExternalAccount(
  { sequelize, models }: { sequelize: Sequelize; models: Models },
  { userId, type, audit }: { userId: string; type: OAuthBindingType; audit: AuditContext },
): Promise<void> {
  const provider = providerOf[type];
  await sequelize.transaction(async (transaction) => {
    const account = await models.ExternalAccount.findOne({
      where: { userId, provider },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!account) throw new OAuthBindingError('not_bound', type);
    await account.update({ userId: null, boundAt: null }, { transaction });
    await recordAudit(
      models,
      {
        action: 'oauth.unbind',
        actor: audit.actor,
        subject: { type: 'user', id: userId },
        ip: audit.ip,
        userAgent: audit.userAgent,
        details: { type, provider, externalAccountId: account.id },
      },
      transaction,
    );
  });
}
