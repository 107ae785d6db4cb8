import type { Sequelize, Transaction } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import { DEADLOCK_ATTEMPTS, isDeadlock } from '../../store/deadlocks';
import type { Models } from '../../store/models';
import { execute, selectRows, sequelizeOf } from '../../store/select-rows';
import type { AuditEntry } from '../audit';
import { recordAudit } from '../audit';
import type { WechatIds } from './account-key';
import { mustJoinUnionid } from './account-key';
import { IdentityMergeError } from './identity-merge-error';
import type { KeptBinding } from './kept-binding';
import { keptBinding } from './kept-binding';
import {
  DELETE_ACCOUNT_SQL,
  LOCK_ACCOUNT_SQL,
  LOCK_OPENID_SQL,
  LOCK_UNIONID_ACCOUNT_SQL,
  MOVE_OPENIDS_SQL,
  REKEY_ACCOUNT_SQL,
  TAKE_OVER_SQL,
} from './merge-statements';
import { usersHoldingData } from './users-holding-data';

/** Who caused the merge, through which flow and from where: for the audit row. */
export interface MergeOrigin {
  actor: AuditEntry['actor'];
  /** The flow that learnt the unionid: `wxa_authorize`, `oauth-binding`, `web-sign-in`. */
  via: string;
  ip?: string;
  userAgent?: string;
}

/**
 * - `rekeyed`: the `appId:openid` account became the unionid's (no account had the unionid);
 * - `merged`: it was merged into the unionid's account and removed;
 * - `unchanged`: nothing to do (no unionid, already one account, or done by a concurrent call).
 */
export type MergeOutcome = 'rekeyed' | 'merged' | 'unchanged';

interface AccountRow {
  id: string;
  account_key: string;
  user_id: string | null;
  bound_at: Date | null;
  nickname: string | null;
  avatar: string | null;
  gender: string | null;
}

type Refusal = { source: AccountRow; target: AccountRow };

/** The same story in every row: both accounts, both users, the app and what became of them. */
function auditOf(
  ids: WechatIds,
  origin: MergeOrigin,
  outcome: MergeOutcome | 'refused',
  source: AccountRow,
  target: AccountRow | undefined,
  kept?: KeptBinding,
): AuditEntry {
  return {
    action: 'wechat.merge',
    actor: origin.actor,
    subject: { type: 'external_account', id: target?.id ?? source.id },
    ip: origin.ip,
    userAgent: origin.userAgent,
    details: {
      outcome,
      via: origin.via,
      appId: ids.appId,
      openid: ids.openid,
      unionid: ids.unionid,
      from: { accountId: source.id, accountKey: source.account_key, userId: source.user_id },
      into: target ? { accountId: target.id, userId: target.user_id } : null,
      ...(kept ? { boundTo: kept.userId, releasedUserId: kept.released } : {}),
    },
  };
}

const lockOne = async (
  sequelize: Sequelize,
  sql: string,
  bind: unknown[],
  transaction: Transaction,
) => (await selectRows<AccountRow>(sequelize, sql, bind, transaction))[0];

/**
 * One attempt, in one transaction. Locks, always in this order: the unionid's account, the
 * openid's filing, the account it is filed under, then (only when both are bound) the two users
 * in id order. Every merge of one person therefore queues on the unionid's row, and a caller that
 * finds the work done by the one before it changes nothing.
 */
async function attempt(
  sequelize: Sequelize,
  ids: WechatIds & { unionid: string },
  origin: MergeOrigin,
  refusal: { found?: Refusal },
): Promise<MergeOutcome> {
  return sequelize.transaction(async (transaction) => {
    const target = await lockOne(sequelize, LOCK_UNIONID_ACCOUNT_SQL, [ids.unionid], transaction);
    const [filed] = await selectRows<{ external_account_id: string }>(
      sequelize,
      LOCK_OPENID_SQL,
      [ids.appId, ids.openid],
      transaction,
    );
    if (!filed || filed.external_account_id === target?.id) return 'unchanged';
    const source = await lockOne(
      sequelize,
      LOCK_ACCOUNT_SQL,
      [filed.external_account_id],
      transaction,
    );
    if (!source || !mustJoinUnionid(source.account_key, ids)) return 'unchanged';

    const write = (sql: string, bind: unknown[]) => execute(sequelize, sql, bind, transaction);
    if (!target) {
      await write(REKEY_ACCOUNT_SQL, [source.id, ids.unionid]);
      await recordAudit(sequelize, auditOf(ids, origin, 'rekeyed', source, undefined), transaction);
      return 'rekeyed';
    }

    const holding =
      source.user_id && target.user_id && source.user_id !== target.user_id
        ? await usersHoldingData(
            sequelize,
            [source.user_id, target.user_id],
            [source.id, target.id],
            transaction,
          )
        : new Map<string, boolean>();
    const kept = keptBinding(
      { userId: source.user_id, boundAt: source.bound_at },
      { userId: target.user_id, boundAt: target.bound_at },
      (userId) => holding.get(userId) ?? true,
    );
    if (!kept) {
      refusal.found = { source, target };
      throw new IdentityMergeError('identity_split');
    }
    await write(MOVE_OPENIDS_SQL, [source.id, target.id]);
    await write(DELETE_ACCOUNT_SQL, [source.id]);
    await write(TAKE_OVER_SQL, [
      target.id,
      kept.userId,
      kept.boundAt,
      source.nickname,
      source.avatar,
      source.gender,
    ]);
    await recordAudit(sequelize, auditOf(ids, origin, 'merged', source, target, kept), transaction);
    return 'merged';
  });
}

/**
 * Worth another attempt: a concurrent request gave the unionid an account after this one looked
 * (the re-key collides with it; the next attempt merges into it), or PostgreSQL broke a deadlock
 * with another flow that locks the same rows in its own order by cancelling this transaction.
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof UniqueConstraintError) {
    const constraint = (error.parent as { constraint?: string } | undefined)?.constraint;
    return constraint === 'external_accounts_one_row_per_account';
  }
  return isDeadlock(error);
}

const ATTEMPTS = DEADLOCK_ATTEMPTS;

/**
 * Makes a WeChat person one account once WeChat names their unionid for an openid filed under
 * their `appId:openid` account (docs/data-model.md, "One person across apps"): the account is
 * re-keyed when no account has the unionid, else merged into the one that has it. Refusals
 * (both sides bound to users who hold data) change nothing but the audit trail, which records
 * the attempt so that an operator can resolve it.
 */
export async function joinUnionid(
  store: Sequelize | Models,
  ids: WechatIds,
  origin: MergeOrigin,
): Promise<MergeOutcome> {
  const { unionid } = ids;
  if (unionid === null) return 'unchanged';
  const sequelize = sequelizeOf(store);
  for (let tried = 1; ; tried += 1) {
    const refusal: { found?: Refusal } = {};
    try {
      return await attempt(sequelize, { ...ids, unionid }, origin, refusal);
    } catch (error) {
      if (refusal.found) {
        const { source, target } = refusal.found;
        await sequelize.transaction((transaction) =>
          recordAudit(sequelize, auditOf(ids, origin, 'refused', source, target), transaction),
        );
      }
      if (tried >= ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}
