import type { Sequelize } from 'sequelize';
import { retryDeadlocks } from '../../store/deadlocks';
import { execute, selectRows } from '../../store/select-rows';
import { statementTransaction } from '../../store/statement-transaction';
import type { WechatIds } from '../wechat-identity-merge';
import { joinUnionid, mustJoinUnionid, wechatAccountKey } from '../wechat-identity-merge';
import type { RequestOrigin } from './context';
import type { WxaProfile } from './user-info';
import { storedGender } from './user-info';

export interface WechatIdentityInput extends WechatIds {
  profile: WxaProfile;
}

/** The account a sign-in found or made, and its user, as authorize needs them. */
export interface SignedInIdentity {
  account: {
    id: string;
    userId: string | null;
    nickname: string | null;
    avatar: string | null;
    boundAt: Date | null;
  };
  user: { id: string; mobile: string | null; name: string | null; avatar: string | null } | null;
}

interface IdentityRow {
  id: string;
  account_key: string;
  user_id: string | null;
  nickname: string | null;
  avatar: string | null;
  bound_at: Date | null;
  mobile: string | null;
  user_name: string | null;
  user_avatar: string | null;
}

const IDENTITY_COLUMNS = `r.id, r.account_key, r.user_id, r.nickname, r.avatar, r.bound_at,
       u.mobile, u.name AS user_name, u.avatar AS user_avatar`;

/**
 * The profile as this sign-in reports it, unless the account is this openid's `appId:openid` one
 * while WeChat now names a unionid ($6): that account is about to be merged
 * (wechat-identity-merge), which may refuse, and a refusal changes nothing.
 */
const refreshed = (fresh: string, column: string) =>
  `CASE WHEN $6::text IS NULL OR ea.account_key <> $1 || ':' || $2
        THEN ${fresh} ELSE ea.${column} END`;

/**
 * A returning user in one statement: the openid's account refreshed (through the
 * `(provider, app_id, open_id)` primary key) and read back with its user and its key. An empty
 * nickname or avatar does not erase a known one. The key tells the caller whether the account
 * must first be joined with its unionid's (mustJoinUnionid); the unionid itself is written only by
 * that merge, so an account's `union_id` is set exactly when it is keyed by it.
 */
export const REFRESH_IDENTITY_SQL = `
  WITH r AS (
    UPDATE external_accounts ea
       SET nickname = ${refreshed("COALESCE(NULLIF($3, ''), ea.nickname)", 'nickname')},
           avatar = ${refreshed("COALESCE(NULLIF($4, ''), ea.avatar)", 'avatar')},
           gender = ${refreshed('$5', 'gender')},
           updated_at = ${refreshed('now()', 'updated_at')}
      FROM external_openids eo
     WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2
       AND ea.id = eo.external_account_id
    RETURNING ea.id, ea.account_key, ea.user_id, ea.nickname, ea.avatar, ea.bound_at
  )
  SELECT ${IDENTITY_COLUMNS} FROM r LEFT JOIN users u ON u.id = r.user_id`;

const INSERT_ACCOUNT_SQL = `
  INSERT INTO external_accounts (provider, account_key, union_id, nickname, avatar, gender)
  VALUES ('wechat', $1, $2, NULLIF($3, ''), NULLIF($4, ''), $5)
  ON CONFLICT (provider, account_key) DO UPDATE
     SET nickname = COALESCE(EXCLUDED.nickname, external_accounts.nickname),
         avatar = COALESCE(EXCLUDED.avatar, external_accounts.avatar),
         gender = EXCLUDED.gender,
         union_id = COALESCE(external_accounts.union_id, EXCLUDED.union_id),
         updated_at = now()
  RETURNING id`;

const INSERT_OPENID_SQL = `
  INSERT INTO external_openids (provider, app_id, open_id, external_account_id)
  VALUES ('wechat', $1, $2, $3)
  ON CONFLICT (provider, app_id, open_id) DO NOTHING`;

/** The account the openid is filed under (the first sign-in that filed it won), with its user. */
const IDENTITY_OF_OPENID_SQL = `
  SELECT ${IDENTITY_COLUMNS}
    FROM external_openids eo
    JOIN external_accounts r ON r.id = eo.external_account_id
    LEFT JOIN users u ON u.id = r.user_id
   WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2`;

const identityOf = (row: IdentityRow): SignedInIdentity => ({
  account: {
    id: row.id,
    userId: row.user_id,
    nickname: row.nickname,
    avatar: row.avatar,
    boundAt: row.bound_at,
  },
  user: row.user_id
    ? { id: row.user_id, mobile: row.mobile, name: row.user_name, avatar: row.user_avatar }
    : null,
});

/**
 * Records a mini-program user: their external account (created, or its profile refreshed) and the
 * openid within this app, and answers the account with its user. A returning user costs one
 * statement. A first sign-in is one transaction, and concurrent first sign-ins of the same person
 * cannot make two rows: both writes are INSERT ... ON CONFLICT on the constraints that define the
 * identity. An openid already known keeps the account it points to; when that is its
 * `appId:openid` account and WeChat now gives a unionid (the app joined an Open Platform account),
 * the account is first joined with the unionid's (re-keyed or merged, or the sign-in refused with
 * IdentityMergeError), then refreshed again.
 */
export async function signInWechatIdentity(
  sequelize: Sequelize,
  input: WechatIdentityInput,
  origin: RequestOrigin,
): Promise<SignedInIdentity> {
  const profile = [
    input.profile.nickname,
    input.profile.avatar,
    storedGender(input.profile.gender),
  ] as const;
  // A merge of the same person's accounts in a parallel sign-in locks these rows in its own order,
  // and PostgreSQL may break the tie by cancelling the refresh, which then changed nothing.
  const refresh = () =>
    retryDeadlocks(() =>
      selectRows<IdentityRow>(sequelize, REFRESH_IDENTITY_SQL, [
        input.appId,
        input.openid,
        ...profile,
        input.unionid,
      ]),
    );
  let [known] = await refresh();
  if (known && mustJoinUnionid(known.account_key, input)) {
    await joinUnionid(sequelize, input, {
      actor: { type: 'system', id: 'wechat-sign-in' },
      via: 'wxa_authorize',
      ...origin,
    });
    [known] = await refresh();
  }
  if (known) return identityOf(known);
  return statementTransaction(sequelize, async (transaction) => {
    const [account] = await selectRows<{ id: string }>(
      sequelize,
      INSERT_ACCOUNT_SQL,
      [wechatAccountKey(input), input.unionid, ...profile],
      transaction,
    );
    await execute(
      sequelize,
      INSERT_OPENID_SQL,
      [input.appId, input.openid, account!.id],
      transaction,
    );
    const [filed] = await selectRows<IdentityRow>(
      sequelize,
      IDENTITY_OF_OPENID_SQL,
      [input.appId, input.openid],
      transaction,
    );
    return identityOf(filed!);
  });
}
