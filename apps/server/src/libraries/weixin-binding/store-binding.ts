import type { Sequelize } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import type { ExternalAccountInstance, UserInstance } from '../../store/models';
import { retryDeadlocks } from '../../store/deadlocks';
import { execute, selectRows } from '../../store/select-rows';
import type { StatementTransaction } from '../../store/statement-transaction';
import { statementTransaction } from '../../store/statement-transaction';
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

export type BoundUser = Pick<UserInstance, 'id' | 'name' | 'avatar' | 'gender' | 'createdAt'>;

export interface StoredBinding {
  user: BoundUser;
  account: Pick<
    ExternalAccountInstance,
    'id' | 'userId' | 'accountKey' | 'unionId' | 'nickname' | 'avatar' | 'gender'
  >;
}

interface LockedUserRow {
  id: string;
  name: string | null;
  avatar: string | null;
  gender: UserInstance['gender'];
  created_at: Date;
}

interface BoundAccountRow {
  id: string;
  user_id: string;
  account_key: string;
  union_id: string | null;
  nickname: string | null;
  avatar: string | null;
  gender: string | null;
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

const BOUND_ACCOUNT_COLUMNS = 'id, user_id, account_key, union_id, nickname, avatar, gender';

/** The user, locked: every bind of this user queues behind this one. */
export const LOCK_USER_SQL =
  'SELECT id, name, avatar, gender, created_at FROM users WHERE id = $1 FOR UPDATE';

/**
 * Whether the user has a WeChat account. A statement of its own, after the lock: a statement that
 * waited for a row lock still sees the data as it was when it started.
 */
export const HAS_WECHAT_SQL = `SELECT 1 FROM external_accounts WHERE user_id = $1 AND provider = 'wechat'`;

/**
 * The account, created bound to the user, or an unbound one taken over. A row bound to someone
 * else is left alone and nothing comes back: the condition on user_id does what a row lock and a
 * second read would.
 */
export const BIND_ACCOUNT_SQL = `
  INSERT INTO external_accounts
         (provider, account_key, union_id, user_id, bound_at, nickname, avatar, gender)
  VALUES ('wechat', $1, $1, $2, now(), $3, $4, $5)
  ON CONFLICT (provider, account_key) DO UPDATE
     SET user_id = EXCLUDED.user_id, bound_at = EXCLUDED.bound_at, nickname = EXCLUDED.nickname,
         avatar = EXCLUDED.avatar, gender = EXCLUDED.gender, updated_at = now()
   WHERE external_accounts.user_id IS NULL
  RETURNING ${BOUND_ACCOUNT_COLUMNS}`;

/** The openid filed under the account; nothing comes back when the app already knew it. */
export const FILE_OPENID_SQL = `
  INSERT INTO external_openids (provider, app_id, open_id, external_account_id)
  VALUES ('wechat', $1, $2, $3)
  ON CONFLICT (provider, app_id, open_id) DO NOTHING
  RETURNING external_account_id`;

/** The row an openid the app already knew is filed under, and whose it is, both locked. */
const LOCK_FILED_OPENID_SQL = `
  SELECT eo.external_account_id, ea.user_id
    FROM external_openids eo JOIN external_accounts ea ON ea.id = eo.external_account_id
   WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2
     FOR UPDATE`;

const MOVE_OPENID_SQL = `
  UPDATE external_openids SET external_account_id = $3, updated_at = now()
   WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2`;

/**
 * Files the openid under the account. An openid already filed under another account row (one made
 * by another flow before the unionid was known) moves over, unless that row is someone else's.
 */
async function attachOpenid(
  sequelize: Sequelize,
  {
    accountId,
    appId,
    openid,
    userId,
  }: { accountId: string; appId: string; openid: string; userId: string },
  transaction: StatementTransaction,
): Promise<void> {
  const filed = await selectRows(
    sequelize,
    FILE_OPENID_SQL,
    [appId, openid, accountId],
    transaction,
  );
  if (filed.length > 0) return;
  const [existing] = await selectRows<{ external_account_id: string; user_id: string | null }>(
    sequelize,
    LOCK_FILED_OPENID_SQL,
    [appId, openid],
    transaction,
  );
  if (!existing || existing.external_account_id === accountId) return;
  if (existing.user_id && existing.user_id !== userId) {
    throw new WeixinBindingError('weixin_has_other_user');
  }
  await execute(sequelize, MOVE_OPENID_SQL, [appId, openid, accountId], transaction);
}

/**
 * Binds a proven WeChat account to a user in one transaction, with the audit row: four statements,
 * each on a unique index or a primary key. The user's row lock serialises requests about the same
 * user; a user who already has another WeChat account is refused by the `(user_id, provider)`
 * constraint; the unique constraints on external_accounts settle whatever the lock cannot (two
 * first-time inserts of one account), and their refusal becomes the documented 403.
 *
 * A user who has a WeChat account bound is refused whichever account is presented, the same one
 * included: 01's error table says `user has related to weixin account` for a user who "已经绑定了
 * 微信账号" (has bound a WeChat account), and the original handler refused before comparing
 * accounts. Legacy clients read that 403 as "already bound" and stop.
 */
export async function storeBinding(
  sequelize: Sequelize,
  input: StoreBindingInput,
): Promise<StoredBinding> {
  const { userId, account: proven } = input;
  try {
    // A merge of the same person's accounts takes these rows' locks in the other order.
    return await retryDeadlocks(() =>
      statementTransaction(sequelize, async (transaction) => {
        const [locked] = await selectRows<LockedUserRow>(
          sequelize,
          LOCK_USER_SQL,
          [userId],
          transaction,
        );
        if (!locked) throw new WeixinBindingError('user_not_found');

        const [row] = await selectRows<BoundAccountRow>(
          sequelize,
          BIND_ACCOUNT_SQL,
          [proven.unionid, userId, proven.nickname, proven.avatar, proven.gender],
          transaction,
        );
        if (!row) {
          // The account is bound already: to this user (who may bind only once), or to another.
          const own = await selectRows(sequelize, HAS_WECHAT_SQL, [userId], transaction);
          throw new WeixinBindingError(
            own.length > 0 ? 'user_has_weixin' : 'weixin_has_other_user',
          );
        }
        await attachOpenid(
          sequelize,
          { accountId: row.id, appId: input.appId, openid: proven.openid, userId },
          transaction,
        );
        await recordAudit(
          sequelize,
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
        return {
          user: {
            id: locked.id,
            name: locked.name,
            avatar: locked.avatar,
            gender: locked.gender,
            createdAt: locked.created_at,
          },
          account: {
            id: row.id,
            userId: row.user_id,
            accountKey: row.account_key,
            unionId: row.union_id,
            nickname: row.nickname,
            avatar: row.avatar,
            gender: row.gender,
          },
        };
      }),
    );
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw refusalOf(error);
    throw error;
  }
}
