import { QueryTypes } from 'sequelize';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import type { MigrationContext } from './migration';
import { down, up } from './0002-client-key-kind';

/**
 * The migration, replayed inside one transaction that is rolled back (PostgreSQL DDL is
 * transactional), so the shared test database is left as it was.
 */
describe('0002-client-key-kind', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  class RolledBack extends Error {}

  it('makes the keys issued before it `server` keys, and later ones `app` by default', async () => {
    const { sequelize } = context;
    const kinds: Record<string, string> = {};
    await expect(
      sequelize.transaction(async (transaction) => {
        const migration = {
          name: '0002-client-key-kind',
          context: {
            query: (sql, options) => sequelize.query(sql, options),
            transaction,
          } satisfies MigrationContext,
        };
        const insert = (name: string, withKind?: string) =>
          sequelize.query(
            withKind
              ? 'INSERT INTO client_app_keys (name, key_hash, kind) VALUES (:name, :hash, :kind)'
              : 'INSERT INTO client_app_keys (name, key_hash) VALUES (:name, :hash)',
            { transaction, replacements: { name, hash: unique('hash'), kind: withKind } },
          );
        const kindOf = async (name: string) =>
          (
            await sequelize.query<{ kind: string }>(
              'SELECT kind FROM client_app_keys WHERE name = :name',
              { transaction, type: QueryTypes.SELECT, replacements: { name } },
            )
          )[0]!.kind;

        await down(migration);
        const before = unique('issued-before');
        await insert(before);
        await up(migration);
        kinds.before = await kindOf(before);
        const after = unique('issued-after');
        await insert(after);
        kinds.after = await kindOf(after);
        await expect(
          sequelize.transaction({ transaction }, () => insert(unique('odd'), 'browser')),
        ).rejects.toThrow(/check constraint/);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(kinds).toEqual({ before: 'server', after: 'app' });
  });
});
