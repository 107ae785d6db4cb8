import { createTestContext, type TestContext } from '../support/test-context';
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
});
