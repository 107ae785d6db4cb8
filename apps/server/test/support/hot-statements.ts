import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { LOAD_ACCOUNT_SQL } from '../../src/libraries/account-linking/load-account';
import { FIND_ACTIVE_API_KEY_SQL, MARK_API_KEY_USED_SQL } from '../../src/libraries/api-keys';
import { AUTHENTICATE_CLIENT_APP_KEY_SQL } from '../../src/libraries/client-app-keys';
import { REFRESH_IDENTITY_SQL } from '../../src/libraries/mini-program/identities';
import { SESSION_OF_TOKEN_SQL } from '../../src/libraries/mini-program/me';
import { LIST_BINDINGS_SQL } from '../../src/libraries/oauth-binding/list-bindings';
import { AUTHENTICATE_PERSONAL_ACCESS_TOKEN_SQL } from '../../src/libraries/personal-access-tokens';
import { USER_EXISTS_SQL } from '../../src/libraries/weixin-binding/bind-weixin';
import {
  BIND_ACCOUNT_SQL,
  FILE_OPENID_SQL,
  HAS_WECHAT_SQL,
  LOCK_USER_SQL,
} from '../../src/libraries/weixin-binding/store-binding';

/** A statement the hot endpoints send on every request, with values of the right types. */
export interface HotStatement {
  endpoint: string;
  name: string;
  sql: string;
  bind: unknown[];
}

// Values of the right types that name nothing: a plan for an equality on a unique index does not
// depend on whether the value is there, and EXPLAIN without ANALYZE runs nothing.
const someUuid = '00000000-0000-4000-8000-000000000000';
const someTime = new Date('2026-01-01T00:00:00Z');
const someKey = 'o6_bmasdasdsad6_2sgVt7hMZOPfL';

/** Every statement of the five benchmarked endpoints' steady state (docs/performance.md). */
export const HOT_STATEMENTS: readonly HotStatement[] = [
  {
    endpoint: 'POST /accounts/wxa_authorize',
    name: 'refresh the returning identity',
    sql: REFRESH_IDENTITY_SQL,
    bind: ['wx0app', someKey, 'nickname', 'https://example.com/a.png', 'secret', someKey],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'the Caa key',
    sql: FIND_ACTIVE_API_KEY_SQL,
    bind: ['key-id', someTime],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: "the key's last use",
    sql: MARK_API_KEY_USED_SQL,
    bind: ['key-id', someTime, someTime],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'the user exists',
    sql: USER_EXISTS_SQL,
    bind: [someUuid],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'lock the user',
    sql: LOCK_USER_SQL,
    bind: [someUuid],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'the user has WeChat',
    sql: HAS_WECHAT_SQL,
    bind: [someUuid],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'bind the account',
    sql: BIND_ACCOUNT_SQL,
    bind: [someKey, someUuid, 'nickname', 'https://example.com/a.png', 'secret'],
  },
  {
    endpoint: 'PUT /api/my/bind-weixin',
    name: 'file the openid',
    sql: FILE_OPENID_SQL,
    bind: ['wx0app', someKey, someUuid],
  },
  {
    endpoint: 'GET /account/wx',
    name: 'the client key',
    sql: AUTHENTICATE_CLIENT_APP_KEY_SQL,
    bind: ['0'.repeat(64)],
  },
  { endpoint: 'GET /account/wx', name: 'the account', sql: LOAD_ACCOUNT_SQL, bind: [someKey] },
  {
    endpoint: 'GET /api/administrator/user/oauth-binding',
    name: 'the token',
    sql: AUTHENTICATE_PERSONAL_ACCESS_TOKEN_SQL,
    bind: ['1'],
  },
  {
    endpoint: 'GET /api/administrator/user/oauth-binding',
    name: 'the bindings',
    sql: LIST_BINDINGS_SQL,
    bind: [someUuid],
  },
  {
    endpoint: 'GET /accounts/me',
    name: 'the session',
    sql: SESSION_OF_TOKEN_SQL,
    bind: ['wx0app', someKey, someUuid],
  },
];

/** What EXPLAIN says of one statement: its plan, and each table it reads by scanning all of it. */
export interface ExplainedStatement extends HotStatement {
  plan: string[];
  seqScans: string[];
}

/**
 * EXPLAIN (no ANALYZE: nothing runs, writes included) of each hot statement. With `indexesOnly`,
 * sequential scans are priced out for the statement, so a scan left in the plan means there is no
 * index it could use, whatever the table's size; without it, the plan is the one the planner
 * would pick for the data as it is. With `generic`, the plan is the one PostgreSQL keeps for a
 * named statement after its first calls, made without the values (store/statement-names.ts);
 * otherwise the plan for these values, as an unnamed statement gets.
 */
export async function explainHotStatements(
  sequelize: Sequelize,
  { indexesOnly = false, generic = false }: { indexesOnly?: boolean; generic?: boolean } = {},
): Promise<ExplainedStatement[]> {
  const explained: ExplainedStatement[] = [];
  for (const statement of HOT_STATEMENTS) {
    const plan = await sequelize.transaction(async (transaction) => {
      if (indexesOnly) await sequelize.query('SET LOCAL enable_seqscan = off', { transaction });
      const rows = generic
        ? await explainGeneric(sequelize, statement, transaction)
        : await sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${statement.sql}`, {
            bind: statement.bind,
            type: QueryTypes.SELECT,
            transaction,
          });
      return rows.map((row) => row['QUERY PLAN']);
    });
    const seqScans = plan.flatMap((line) => /Seq Scan on (\w+)/.exec(line)?.[1] ?? []);
    explained.push({ ...statement, plan, seqScans });
  }
  return explained;
}

/** The generic plan: the statement prepared by name, explained as executed under force_generic_plan. */
async function explainGeneric(
  sequelize: Sequelize,
  statement: HotStatement,
  transaction: Transaction,
): Promise<Array<{ 'QUERY PLAN': string }>> {
  // PREPARE is not undone by a rollback: the name goes at the end either way.
  await sequelize.query(`PREPARE hot_statement_explained AS ${statement.sql}`, { transaction });
  try {
    await sequelize.query('SET LOCAL plan_cache_mode = force_generic_plan', { transaction });
    return await sequelize.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (COSTS OFF) EXECUTE hot_statement_explained(${statement.bind.map(() => '?').join(', ')})`,
      { replacements: statement.bind, type: QueryTypes.SELECT, transaction },
    );
  } finally {
    await sequelize.query('DEALLOCATE hot_statement_explained', { transaction });
  }
}
