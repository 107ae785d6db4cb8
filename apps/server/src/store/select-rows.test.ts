import { ConnectionAcquireTimeoutError, DatabaseError, Sequelize } from 'sequelize';
import { isDependencyOutage } from '../errors/dependency-outage';
import { selectRows } from './select-rows';

const connect = (pool: { max: number; acquire: number }) =>
  new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', logging: false, pool });

describe('selectRows', () => {
  let sequelize: Sequelize;
  beforeEach(() => {
    sequelize = connect({ max: 1, acquire: 300 });
  });
  afterEach(() => sequelize.close());

  const databaseVersion = () =>
    (sequelize as unknown as { options: { databaseVersion: unknown } }).options.databaseVersion;

  it("answers a fresh connection's first statement, and Sequelize learns the server's version", async () => {
    expect(databaseVersion()).toBe(0);
    const rows = await selectRows<{ n: number }>(sequelize, 'SELECT $1::int AS n', [7]);
    expect(rows).toEqual([{ n: 7 }]);
    expect(databaseVersion()).toMatch(/^\d+\.\d+/);
  });

  it("reads rows with Sequelize's type parsers once the pool is asked directly", async () => {
    await selectRows(sequelize, 'SELECT 1', []);
    const [row] = await selectRows<{ at: unknown; big: unknown }>(
      sequelize,
      "SELECT timestamptz '2026-01-02T03:04:05Z' AS at, 9007199254740993::bigint AS big",
      [],
    );
    expect(row!.at).toEqual(new Date('2026-01-02T03:04:05Z'));
    // As through Sequelize: a bigint comes back as text, never a rounded number.
    expect(row!.big).toBe('9007199254740993');
  });

  it('turns a driver error into Sequelize’s own, and the connection goes back to the pool', async () => {
    await expect(selectRows(sequelize, 'SELECT 1 / $1::int AS n', [0])).rejects.toBeInstanceOf(
      DatabaseError,
    );
    // The pool holds one connection: a second statement gets it only if the first gave it back.
    await expect(selectRows(sequelize, 'SELECT 2 AS n', [])).resolves.toEqual([{ n: 2 }]);
  });

  it('answers a wait for a connection past the pool’s limit as an outage (503), not a bug', async () => {
    await selectRows(sequelize, 'SELECT 1', []);
    const held = await sequelize.transaction();
    try {
      const waited = selectRows(sequelize, 'SELECT 1', []).catch((error: unknown) => error);
      const error = await waited;
      expect(error).toBeInstanceOf(ConnectionAcquireTimeoutError);
      expect(isDependencyOutage(error)).toBe(true);
    } finally {
      await held.rollback();
    }
    await expect(selectRows(sequelize, 'SELECT 3 AS n', [])).resolves.toEqual([{ n: 3 }]);
  });
});
