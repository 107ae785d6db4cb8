import type { Sequelize } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import type { ExternalAccountInstance, Models, UserInstance } from '../../store/models';
import { recordAudit } from '../audit';
import { MiniProgramError } from './errors';

export interface BindMobileInput {
  accountId: string;
  appId: string;
  openid: string;
  /** Already proven: by an SMS code or by WeChat's phone number API. */
  mobile: string;
  via: 'verify_code' | 'phone_code';
  ip: string;
  userAgent?: string;
}

export interface BoundIdentity {
  user: UserInstance;
  account: ExternalAccountInstance;
  /** False when the identity was already bound to this mobile: a repeated bind signs in again. */
  changed: boolean;
}

/** 138****8000: enough for an audit reader to recognise a number without keeping it whole. */
const maskMobile = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

/**
 * Binds a WeChat identity to the user who owns `mobile`, creating that user if there is none, in
 * one transaction. The identity's row is locked first, so binds of one identity run one after the
 * other; the user's row is locked next. The rules are the database's: users.mobile is unique and
 * a user has one WeChat account (external_accounts (user_id, provider)); when a concurrent bind
 * wins either race the database refuses ours, and that refusal is `该手机号已绑定`.
 *
 * - the identity already has this mobile: nothing changes, the user signs in;
 * - the identity has another mobile: refused (binding does not move an identity between users);
 * - the identity belongs to a user without a mobile (bound through another contract): that user
 *   gets this mobile, unless another user has it;
 * - the mobile's user already has a WeChat identity: `该手机号已绑定`.
 */
export async function bindMobile(
  sequelize: Sequelize,
  models: Models,
  input: BindMobileInput,
): Promise<BoundIdentity> {
  try {
    return await sequelize.transaction(async (transaction) => {
      const lock = transaction.LOCK.UPDATE;
      const account = await models.ExternalAccount.findByPk(input.accountId, {
        transaction,
        lock,
      });
      // The identity was removed since wxa_authorize: sign in again to record it anew.
      if (!account) throw new MiniProgramError('authorize_first');

      const audit = (user: UserInstance, createdUser: boolean) =>
        recordAudit(
          models,
          {
            action: 'wechat.bind',
            actor: { type: 'user', id: user.id },
            subject: { type: 'external_account', id: account.id },
            ip: input.ip,
            userAgent: input.userAgent,
            details: {
              provider: 'wechat',
              appId: input.appId,
              openid: input.openid,
              mobile: maskMobile(input.mobile),
              via: input.via,
              createdUser,
            },
          },
          transaction,
        );

      if (account.userId) {
        const owner = await models.User.findByPk(account.userId, { transaction, lock });
        if (owner?.mobile === input.mobile) return { user: owner, account, changed: false };
        if (!owner || owner.mobile) throw new MiniProgramError('identity_already_bound');
        const holder = await models.User.findOne({
          where: { mobile: input.mobile },
          transaction,
          lock,
        });
        if (holder) throw new MiniProgramError('mobile_already_bound');
        owner.mobile = input.mobile;
        await owner.save({ transaction });
        await audit(owner, false);
        return { user: owner, account, changed: true };
      }

      let user = await models.User.findOne({
        where: { mobile: input.mobile },
        transaction,
        lock,
      });
      const createdUser = !user;
      if (user) {
        const bound = await models.ExternalAccount.findOne({
          where: { userId: user.id, provider: 'wechat' },
          transaction,
        });
        if (bound) throw new MiniProgramError('mobile_already_bound');
      } else {
        user = await models.User.create(
          {
            mobile: input.mobile,
            name: account.nickname,
            avatar: account.avatar,
            gender: toUserGender(account.gender),
          },
          { transaction },
        );
      }
      account.userId = user.id;
      account.boundAt = new Date();
      await account.save({ transaction });
      await audit(user, createdUser);
      return { user, account, changed: true };
    });
  } catch (error) {
    // Another bind committed first: it took the mobile (users.mobile) or the user's one WeChat
    // account (external_accounts (user_id, provider)).
    if (error instanceof UniqueConstraintError) {
      throw new MiniProgramError('mobile_already_bound', { cause: error });
    }
    throw error;
  }
}

const toUserGender = (gender: string | null) =>
  gender === 'male' || gender === 'female' ? gender : 'secret';
