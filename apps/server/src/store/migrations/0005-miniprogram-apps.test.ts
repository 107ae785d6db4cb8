import type { Transaction } from 'sequelize';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import type { MigrationContext } from './migration';
import { down, up } from './0005-miniprogram-apps';

/**
 * The migration, replayed inside one transaction that is rolled back (PostgreSQL DDL is
 * transactional), so the shared test database is left as it was.
 */
describe('0005-miniprogram-apps', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  class RolledBack extends Error {}

  it('keeps one active row per app, any number removed, and only the values the code writes', async () => {
    const { sequelize } = context;
    await expect(
      sequelize.transaction(async (transaction) => {
        const migration = {
          name: '0005-miniprogram-apps',
          context: {
            query: (sql, options) => sequelize.query(sql, options),
            transaction,
          } satisfies MigrationContext,
        };
        // Each attempt in a savepoint, so a refused one does not end the transaction.
        const insert = (row: Record<string, string | null>, tx: Transaction = transaction) =>
          sequelize.transaction({ transaction: tx }, (savepoint) =>
            sequelize.query(
              `INSERT INTO miniprogram_apps (app_id, secret_ciphertext, added_by, removed_by, removed_at)
               VALUES (:appId, 'v1.sealed', :addedBy, :removedBy, :removedAt)`,
              {
                transaction: savepoint,
                replacements: { addedBy: 'cli', removedBy: null, removedAt: null, ...row },
              },
            ),
          );
        const tableExists = async () =>
          (
            await sequelize.query<{ name: string | null }>(
              "SELECT to_regclass('miniprogram_apps')::text AS name",
              { transaction, type: QueryTypes.SELECT },
            )
          )[0]!.name !== null;

        await down(migration);
        expect(await tableExists()).toBe(false);
        await up(migration);
        expect(await tableExists()).toBe(true);

        const appId = `wx${unique('m').replace(/-/g, '')}`;
        const removed = { removedBy: 'cli', removedAt: new Date().toISOString() };
        await insert({ appId, ...removed });
        await insert({ appId, ...removed, removedBy: 'environment' });
        await insert({ appId });
        await expect(insert({ appId, addedBy: 'environment' })).rejects.toBeInstanceOf(
          UniqueConstraintError,
        );
        await expect(insert({ appId: 'wx app' })).rejects.toThrow(/check constraint/);
        await expect(insert({ appId: 'x'.repeat(65) })).rejects.toThrow(/check constraint/);
        await expect(insert({ appId: unique('a'), addedBy: 'web' })).rejects.toThrow(
          /check constraint/,
        );
        // removed_at and removed_by go together.
        await expect(insert({ appId: unique('a'), removedBy: 'cli' })).rejects.toThrow(
          /check constraint/,
        );
        await expect(
          insert({ appId: unique('a'), removedAt: new Date().toISOString() }),
        ).rejects.toThrow(/check constraint/);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
  });
});
