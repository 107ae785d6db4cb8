import type { Sequelize, Transaction } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import type { ExternalAccountInstance, Models, UserInstance } from '../../store/models';
import { recordAudit } from '../audit';
import type { ProvenWeixinAccount } from './prove-weixin-account';
import { WeixinBindingError } from './weixin-binding-error';

const PROVIDER = 'wechat';

export interface StoreBindingInput {
  userId: string;
  /** Checked with WeChat already (proveWeixinAccount). */
  account: ProvenWeixinAccount;
  /** The WeChat app the openid belongs to (the mobile app whose token was checked). */
  appId: string;
  /** Who asked, for the audit row. */
  actor: { apiKey: string };
  ip?: string;
  userAgent?: string;
}

export interface StoredBinding {
  user: UserInstance;
  account: ExternalAccountInstance;
}

/**
 * A unique constraint refused the write: another transaction bound the same account or gave the
 * user an account first (the constraint names are in migrations/0001).
 */
function refusalOf(error: UniqueConstraintError): WeixinBindingError {
  const constraint = (error.parent as { constraint?: string } | undefined)?.constraint ?? '';
  return new WeixinBindingError(
    constraint === 'external_accounts_one_per_provider_per_user'
      ? 'user_has_weixin'
      : 'weixin_has_other_user',
    { cause: error },
  );
}

/**
 * Files the openid under the account. An openid already filed under another account row (one made
 * by another flow before the unionid was known) moves over, unless that row is someone else's.
 */
async function attachOpenid(
  models: Models,
  {
    account,
    appId,
    openid,
    userId,
  }: { account: ExternalAccountInstance; appId: string; openid: string; userId: string },
  transaction: Transaction,
): Promise<void> {
  const lock = transaction.LOCK.UPDATE;
  const existing = await models.ExternalOpenId.findOne({
    where: { provider: PROVIDER, appId, openId: openid },
    transaction,
    lock,
  });
  if (!existing) {
    await models.ExternalOpenId.create(
      { provider: PROVIDER, appId, openId: openid, externalAccountId: account.id },
      { transaction },
    );
    return;
  }
  if (existing.externalAccountId === account.id) return;
  const previous = await models.ExternalAccount.findByPk(existing.externalAccountId, {
    transaction,
    lock,
  });
  if (previous?.userId && previous.userId !== userId) {
    throw new WeixinBindingError('weixin_has_other_user');
  }
  await existing.update({ externalAccountId: account.id }, { transaction });
}

/**
 * Binds a proven WeChat account to a user in one transaction, with the audit row. Row locks
 * serialise requests about the same user or the same account; the unique constraints on
 * external_accounts settle whatever the locks cannot (two first-time inserts of one account), and
 * their refusal becomes the documented 403.
 *
 * A user who has a WeChat account bound is refused whichever account is presented, the same one
 * included: 01's error table says `user has related to weixin account` for a user who "已经绑定了
 * 微信账号" (has bound a WeChat account), and the original handler refused before comparing
 * accounts. Legacy clients read that 403 as "already bound" and stop.
 */
export async function storeBinding(
  sequelize: Sequelize,
  models: Models,
  input: StoreBindingInput,
): Promise<StoredBinding> {
  const { userId, account: proven } = input;
  try {
    return await sequelize.transaction(async (transaction) => {
      const lock = transaction.LOCK.UPDATE;
      // Locking the user first queues every binding request for this user behind this one.
      const user = await models.User.findByPk(userId, { transaction, lock });
      if (!user) throw new WeixinBindingError('user_not_found');

      const current = await models.ExternalAccount.findOne({
        where: { userId, provider: PROVIDER },
        transaction,
        lock,
      });
      if (current) throw new WeixinBindingError('user_has_weixin');
      const existing = await models.ExternalAccount.findOne({
        where: { provider: PROVIDER, accountKey: proven.unionid },
        transaction,
        lock,
      });
      // The user has no WeChat account (checked above), so a bound row is someone else's.
      if (existing?.userId) throw new WeixinBindingError('weixin_has_other_user');

      const profile = { nickname: proven.nickname, avatar: proven.avatar, gender: proven.gender };
      const account = existing
        ? await existing.update({ ...profile, userId, boundAt: new Date() }, { transaction })
        : await models.ExternalAccount.create(
            {
              provider: PROVIDER,
              accountKey: proven.unionid,
              unionId: proven.unionid,
              userId,
              boundAt: new Date(),
              ...profile,
            },
            { transaction },
          );
      await attachOpenid(
        models,
        { account, appId: input.appId, openid: proven.openid, userId },
        transaction,
      );
      await recordAudit(
        models,
        {
          action: 'wechat.bind',
          actor: { type: 'api_key', id: input.actor.apiKey },
          subject: { type: 'user', id: userId },
          ip: input.ip,
          userAgent: input.userAgent,
          details: {
            provider: PROVIDER,
            unionid: proven.unionid,
            appId: input.appId,
            openid: proven.openid,
          },
        },
        transaction,
      );
      return { user, account };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw refusalOf(error);
    throw error;
  }
}
