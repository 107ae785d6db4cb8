import type { Sequelize, Transaction } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { ExternalAccountInstance, Models } from '../../store/models';
import type { WxaProfile } from './user-info';
import { storedGender } from './user-info';

export interface WechatIdentityInput {
  appId: string;
  openid: string;
  unionid: string | null;
  profile: WxaProfile;
}

/**
 * The external account key of a WeChat person: the unionid, which every app of the same Open
 * Platform account shares, or `appId:openid` for an app without one (docs/data-model.md).
 */
export const wechatAccountKey = ({ appId, openid, unionid }: WechatIdentityInput): string =>
  unionid ?? `${appId}:${openid}`;

/**
 * Records a mini-program user: their external account (created, or its profile refreshed) and the
 * openid within this app. Concurrent sign-ins of the same person cannot make two rows: both writes
 * are INSERT ... ON CONFLICT on the constraints that define the identity. An openid already known
 * keeps the account it points to (so an app attached to an Open Platform later, whose users now
 * come with a unionid, does not split them). An empty nickname or avatar does not erase a known one.
 */
export async function upsertWechatIdentity(
  sequelize: Sequelize,
  models: Models,
  input: WechatIdentityInput,
): Promise<ExternalAccountInstance> {
  const profile = {
    nickname: input.profile.nickname,
    avatar: input.profile.avatar,
    gender: storedGender(input.profile.gender),
    unionId: input.unionid,
  };
  return sequelize.transaction(async (transaction) => {
    const known = await findAccountIdOfOpenid(models, input, transaction);
    let accountId: string;
    if (known) {
      accountId = known;
      await sequelize.query(
        `UPDATE external_accounts
            SET nickname = COALESCE(NULLIF(:nickname, ''), nickname),
                avatar = COALESCE(NULLIF(:avatar, ''), avatar),
                gender = :gender,
                union_id = COALESCE(union_id, :unionId),
                updated_at = now()
          WHERE id = :accountId`,
        { replacements: { ...profile, accountId }, transaction },
      );
    } else {
      const [row] = await sequelize.query<{ id: string }>(
        `INSERT INTO external_accounts (provider, account_key, union_id, nickname, avatar, gender)
         VALUES ('wechat', :accountKey, :unionId, NULLIF(:nickname, ''), NULLIF(:avatar, ''), :gender)
         ON CONFLICT (provider, account_key) DO UPDATE
            SET nickname = COALESCE(EXCLUDED.nickname, external_accounts.nickname),
                avatar = COALESCE(EXCLUDED.avatar, external_accounts.avatar),
                gender = EXCLUDED.gender,
                union_id = COALESCE(external_accounts.union_id, EXCLUDED.union_id),
                updated_at = now()
         RETURNING id`,
        {
          replacements: { ...profile, accountKey: wechatAccountKey(input) },
          type: QueryTypes.SELECT,
          transaction,
        },
      );
      await sequelize.query(
        `INSERT INTO external_openids (provider, app_id, open_id, external_account_id)
         VALUES ('wechat', :appId, :openid, :accountId)
         ON CONFLICT (provider, app_id, open_id) DO NOTHING`,
        {
          replacements: { appId: input.appId, openid: input.openid, accountId: row!.id },
          transaction,
        },
      );
      // A concurrent first sign-in of the same openid may have won the insert: use its row.
      accountId = (await findAccountIdOfOpenid(models, input, transaction)) ?? row!.id;
    }
    const account = await models.ExternalAccount.findByPk(accountId, { transaction });
    return account!;
  });
}

async function findAccountIdOfOpenid(
  models: Models,
  { appId, openid }: { appId: string; openid: string },
  transaction: Transaction,
): Promise<string | undefined> {
  const row = await models.ExternalOpenId.findOne({
    where: { provider: 'wechat', appId, openId: openid },
    transaction,
  });
  return row?.externalAccountId;
}
