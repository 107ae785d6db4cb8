import type { Sequelize } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import type { AuditContext } from './audit-context';
import type { OAuthBindingType } from './binding-types';
import { providerOf } from './binding-types';

/** `unbound`: the account was taken off the user; `not_bound`: there was none, nothing changed. */
export type UnbindOutcome = 'unbound' | 'not_bound';

/**
 * Unbinds the user's account of this type, in one transaction with the row locked. The account
 * row stays (unbound, with its openids), so the same person can be bound again later, to this
 * user or another.
 *
 * Unbinding when nothing is bound is not a refusal: the wanted state (no account of this type)
 * already holds, so a double click, or a retry after a lost reply, succeeds. Nothing changed, so
 * nothing is audited. Of two unbinds racing, the second finds nothing once the first commits
 * (PostgreSQL re-checks the locked row against the WHERE) and so writes nothing either.
 */
export async function unbindExternalAccount(
  { sequelize, models }: { sequelize: Sequelize; models: Models },
  { userId, type, audit }: { userId: string; type: OAuthBindingType; audit: AuditContext },
): Promise<UnbindOutcome> {
  const provider = providerOf[type];
  return sequelize.transaction(async (transaction) => {
    const account = await models.ExternalAccount.findOne({
      where: { userId, provider },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!account) return 'not_bound';
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
    return 'unbound';
  });
}
