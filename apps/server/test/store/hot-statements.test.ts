import { createTestContext, isEmbeddedDatabase, type TestContext } from '../support/test-context';
import { explainHotStatements, HOT_STATEMENTS } from '../support/hot-statements';

let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});

afterAll(async () => {
  await context.close();
});

describe('the statements of the hot endpoints', () => {
  it('covers all five benchmarked endpoints', () => {
    expect(new Set(HOT_STATEMENTS.map((statement) => statement.endpoint))).toEqual(
      new Set([
        'POST /accounts/wxa_authorize',
        'PUT /api/my/bind-weixin',
        'GET /account/wx',
        'GET /api/administrator/user/oauth-binding',
        'GET /accounts/me',
      ]),
    );
  });

  // The test database is small, so the planner would rightly scan it: with scans priced out, a
  // scan that stays is a statement no index serves, which at a million users is a full read.
  it('each reaches its rows through an index, never a full table scan', async () => {
    const explained = await explainHotStatements(context.sequelize, { indexesOnly: true });
    const scanning = explained
      .filter((statement) => statement.seqScans.length > 0)
      .map(({ endpoint, name, seqScans }) => `${endpoint}: ${name} scans ${seqScans.join(', ')}`);
    expect(scanning).toEqual([]);
    for (const statement of explained) expect(statement.plan.join('\n')).toMatch(/Index/);
  });

  // Named statements run a plan made without their values once PostgreSQL finds it no dearer.
  it('each reaches its rows through an index in the generic plan a named statement keeps', async () => {
    // A generic plan is costed from the tables' statistics, which autovacuum keeps on a database
    // in use; one just made has none, and without them the planner guesses at every condition.
    await context.sequelize.query(
      'ANALYZE users, external_accounts, external_openids, memberships, api_keys, client_app_keys, personal_access_tokens',
    );
    const explained = await explainHotStatements(context.sequelize, {
      indexesOnly: true,
      generic: true,
    });
    expect(explained.filter((statement) => statement.seqScans.length > 0)).toEqual([]);
    for (const statement of explained) {
      const plan = statement.plan.join('\n');
      expect(plan).toMatch(/Index/);
      // Made without the values, an index condition on a bound value names the parameter. Only
      // where the server names its statements: PGlite, which never runs a generic plan of them,
      // plans an empty table's `user_id = $1` as a filter over an index on another column.
      if (!isEmbeddedDatabase() && /Index Cond/.test(plan)) {
        expect(plan).toMatch(/Index Cond: .*\$\d/);
      }
    }
  });
});
