import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import type { MigrationContext } from './migration';
import { down, up } from './0003-wecom-provider';

/**
 * The migration, replayed inside one transaction that is rolled back (PostgreSQL DDL is
 * transactional), so the shared test database is left as it was.
 */
describe('0003-wecom-provider', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  class RolledBack extends Error {}

  it('lets external accounts be WeCom members, nothing else new, and refuses to go back while any exist', async () => {
    const { sequelize } = context;
    await expect(
      sequelize.transaction(async (transaction) => {
        const migration = {
          name: '0003-wecom-provider',
          context: {
            query: (sql, options) => sequelize.query(sql, options),
            transaction,
          } satisfies MigrationContext,
        };
        const insert = (provider: string) =>
          sequelize.transaction({ transaction }, () =>
            sequelize.query(
              'INSERT INTO external_accounts (provider, account_key) VALUES (:provider, :key)',
              { transaction, replacements: { provider, key: unique('key') } },
            ),
          );
        // The shared database may hold other tests' WeCom rows, so `down` is only checked to
        // refuse while one exists (this transaction's own), never run to completion.
        await up(migration);
        await insert('wecom');
        await insert('wechat');
        await expect(insert('qq')).rejects.toThrow(/check constraint/);
        await expect(sequelize.transaction({ transaction }, () => down(migration))).rejects.toThrow(
          /check constraint|violated/,
        );
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
  });
});
