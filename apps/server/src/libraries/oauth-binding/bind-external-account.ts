import type { Sequelize } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import type { AuditContext } from './audit-context';
import type { OAuthBindingType } from './binding-types';
import type { ExternalIdentity } from './external-identity';
import { OAuthBindingError } from './oauth-binding-error';

/** `rebound`: the user's previous account of the type was unbound and this one bound instead. */
export type BindOutcome = 'bound' | 'already_bound' | 'rebound';

export interface BindExternalAccountInput {
  userId: string;
  type: OAuthBindingType;
  identity: ExternalIdentity;
  audit: AuditContext;
  /**
   * Whether this binding may take the place of the user's current account of the type (03's
   * `state: false`, 重新获取绑定, issued while one was bound). Without it, a user who has another
   * account of the type is refused.
   */
  replaceCurrent?: boolean;
  now?: Date;
}

const ONE_ACCOUNT_PER_PROVIDER = 'external_accounts_one_per_provider_per_user';

/**
 * Binds the external account to the user, in one transaction:
 * 1. make sure the account's row exists (INSERT … ON CONFLICT DO NOTHING: a racing insert of the
 *    same account waits for the other transaction instead of failing);
 * 2. lock it (SELECT … FOR UPDATE), so of two users binding one account at once the second sees
 *    the first's binding once it commits, and is refused;
 * 3. refuse an account bound to someone else (before any other lock is taken, so a refused
 *    request never holds a row another one waits for);
 * 4. lock the user's current account of the type, if any: without `replaceCurrent` it is a
 *    refusal; with it, that account is unbound (and audited) in this same transaction. The new
 *    account is always locked before the current one, so two requests never wait on each other
 *    in opposite orders. The database's unique (user_id, provider) backs all this up against any
 *    race;
 * 5. bind, refresh the profile and the openid, and write the audit row.
 * Binding an account that is already this user's succeeds again (the profile is refreshed).
 */
export async function bindExternalAccount(
  { sequelize, models }: { sequelize: Sequelize; models: Models },
  {
    userId,
    type,
    identity,
    audit,
    replaceCurrent = false,
    now = new Date(),
  }: BindExternalAccountInput,
): Promise<BindOutcome> {
  const { provider, accountKey } = identity;
  const profile = {
    nickname: identity.nickname,
    avatar: identity.avatar,
    gender: identity.gender,
  };
  try {
    return await sequelize.transaction(async (transaction) => {
      await models.ExternalAccount.bulkCreate(
        [{ provider, accountKey, unionId: identity.unionId, ...profile }],
        { ignoreDuplicates: true, transaction },
      );
      const account = await models.ExternalAccount.findOne({
        where: { provider, accountKey },
        transaction,
        lock: transaction.LOCK.UPDATE,
      });
      if (!account) {
        // Only a concurrent delete of a row inserted a moment ago could get here.
        throw new Error(`external account ${provider}/${accountKey} vanished while binding`);
      }
      if (account.userId !== null && account.userId !== userId) {
        throw new OAuthBindingError('bound_to_other_user', type);
      }
      const alreadyBound = account.userId === userId;
      const replaced = alreadyBound
        ? null
        : await models.ExternalAccount.findOne({
            where: { userId, provider },
            transaction,
            lock: transaction.LOCK.UPDATE,
          });
      if (replaced) {
        if (!replaceCurrent) throw new OAuthBindingError('user_has_other_account', type);
        // Unbound first: the unique (user_id, provider) would refuse two bound rows at once.
        await replaced.update({ userId: null, boundAt: null }, { transaction });
        await recordAudit(
          models,
          {
            action: 'oauth.unbind',
            actor: audit.actor,
            subject: { type: 'user', id: userId },
            ip: audit.ip,
            userAgent: audit.userAgent,
            details: { type, provider, externalAccountId: replaced.id, replacedBy: account.id },
          },
          transaction,
        );
      }
      await account.update(
        {
          userId,
          boundAt: alreadyBound ? account.boundAt : now,
          unionId: identity.unionId ?? account.unionId,
          ...profile,
        },
        { transaction },
      );
      // The openid is this person's id in this app; if an older row named another account for
      // it, the account just confirmed by the provider is the one it belongs to now.
      await models.ExternalOpenId.bulkCreate(
        [
          {
            provider,
            appId: identity.appId,
            openId: identity.openId,
            externalAccountId: account.id,
          },
        ],
        { updateOnDuplicate: ['externalAccountId', 'updatedAt'], transaction },
      );
      await recordAudit(
        models,
        {
          action: 'oauth.bind',
          actor: audit.actor,
          subject: { type: 'user', id: userId },
          ip: audit.ip,
          userAgent: audit.userAgent,
          details: {
            type,
            provider,
            externalAccountId: account.id,
            alreadyBound,
            ...(replaced ? { replaces: replaced.id } : {}),
          },
        },
        transaction,
      );
      if (alreadyBound) return 'already_bound';
      return replaced ? 'rebound' : 'bound';
    });
  } catch (error) {
    if (
      error instanceof UniqueConstraintError &&
      constraintOf(error) === ONE_ACCOUNT_PER_PROVIDER
    ) {
      throw new OAuthBindingError('user_has_other_account', type, { cause: error });
    }
    throw error;
  }
}

function constraintOf(error: UniqueConstraintError): string | undefined {
  return (error.parent as { constraint?: string } | undefined)?.constraint;
}
