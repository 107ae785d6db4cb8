import { QueryTypes } from 'sequelize';
import { createLogger } from '../logger';
import { createSequelize } from './database';

/**
 * Runs against the test database: the embedded one (PGlite behind pglite-socket, started by
 * jest's globalSetup, since PGlite cannot start inside a worker) or the real server.
 */
describe('the database under concurrent connections', () => {
  it('keeps each extended query whole while other connections send theirs', async () => {
    const sequelize = createSequelize({
      url: process.env.DATABASE_URL!,
      poolMax: 8,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      // Different statement shapes with bound parameters, simple queries and transactions, all at
      // once over eight connections: each must get its own answer.
      const results = await Promise.all(
        Array.from({ length: 60 }, async (_, index) => {
          if (index % 3 === 0) {
            const rows = await sequelize.query<{ n: number }>('SELECT $1::int AS n', {
              bind: [index],
              type: QueryTypes.SELECT,
            });
            return rows[0]!.n === index;
          }
          if (index % 3 === 1) {
            const rows = await sequelize.query<{ t: string; n: number }>(
              'SELECT $1::text AS t, $2::int * 2 AS n',
              { bind: [`v${index}`, index], type: QueryTypes.SELECT },
            );
            return rows[0]!.t === `v${index}` && rows[0]!.n === index * 2;
          }
          return sequelize.transaction(async (transaction) => {
            await sequelize.query('SELECT 1', { transaction });
            const rows = await sequelize.query<{ n: number }>('SELECT $1::int + 1 AS n', {
              bind: [index],
              type: QueryTypes.SELECT,
              transaction,
            });
            return rows[0]!.n === index + 1;
          });
        }),
      );
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await sequelize.close();
    }
  });
});
