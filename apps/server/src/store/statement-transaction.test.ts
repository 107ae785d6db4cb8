import { randomBytes } from 'node:crypto';
import { ConnectionAcquireTimeoutError, Sequelize, UniqueConstraintError } from 'sequelize';
import { selectRows } from './select-rows';
import type { StatementTransaction } from './statement-transaction';
import { statementTransaction } from './statement-transaction';

const connect = (pool: { max: number; acquire: number }) =>
  new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', logging: false, pool });

describe('statementTransaction', () => {
  const table = `statement_tx_${randomBytes(4).toString('hex')}`;
  let sequelize: Sequelize;
  let other: Sequelize;
  beforeAll(async () => {
    other = connect({ max: 2, acquire: 2_000 });
    await other.query(
      `CREATE TABLE ${table} (id int PRIMARY KEY,
         late int UNIQUE DEFERRABLE INITIALLY DEFERRED)`,
    );
  });
  afterAll(async () => {
    await other.query(`DROP TABLE ${table}`);
    await other.close();
  });
  // One connection: a statement after the transaction works only if the transaction gave it back.
  beforeEach(() => {
    sequelize = connect({ max: 1, acquire: 300 });
  });
  afterEach(() => sequelize.close());

  const ids = async () =>
    (await selectRows<{ id: number }>(other, `SELECT id FROM ${table} ORDER BY id`, [])).map(
      ({ id }) => id,
    );
  const insert = (id: number, late: number | null, transaction: StatementTransaction) =>
    selectRows(
      sequelize,
      `INSERT INTO ${table} (id, late) VALUES ($1, $2)`,
      [id, late],
      transaction,
    );

  beforeEach(() => other.query(`DELETE FROM ${table}`));

  it('runs every statement on one connection and commits them together', async () => {
    const answer = await statementTransaction(sequelize, async (transaction) => {
      await insert(1, null, transaction);
      await insert(2, null, transaction);
      const [row] = await selectRows<{ n: string }>(
        sequelize,
        `SELECT count(*) AS n FROM ${table}`,
        [],
        transaction,
      );
      return row!.n;
    });
    expect(answer).toBe('2');
    expect(await ids()).toEqual([1, 2]);
    await expect(selectRows(sequelize, 'SELECT 1 AS n', [])).resolves.toEqual([{ n: 1 }]);
  });

  it('rolls everything back when the work throws, and passes the error on', async () => {
    const failure = new Error('changed my mind');
    await expect(
      statementTransaction(sequelize, async (transaction) => {
        await insert(1, null, transaction);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ids()).toEqual([]);
    await expect(selectRows(sequelize, 'SELECT 1 AS n', [])).resolves.toEqual([{ n: 1 }]);
  });

  it("answers a unique violation as Sequelize's UniqueConstraintError, at a statement or at COMMIT", async () => {
    await other.query(`INSERT INTO ${table} (id, late) VALUES (1, 10)`);
    await expect(
      statementTransaction(sequelize, async (transaction) => {
        await insert(2, null, transaction);
        await insert(1, null, transaction);
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    // A deferred constraint is checked only when the transaction commits.
    await expect(
      statementTransaction(sequelize, (transaction) => insert(3, 10, transaction)),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    expect(await ids()).toEqual([1]);
  });

  it('throws away a connection whose ROLLBACK failed, and the pool makes a new one', async () => {
    const failure = new Error('the work failed after its connection closed');
    await expect(
      statementTransaction(sequelize, async (transaction) => {
        await insert(1, null, transaction);
        // The connection goes away under the work: its ROLLBACK cannot be sent.
        await (transaction.connection as unknown as { end(): Promise<void> }).end();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ids()).toEqual([]);
    await expect(selectRows(sequelize, 'SELECT 1 AS n', [])).resolves.toEqual([{ n: 1 }]);
  });

  it('answers a wait for a connection past the pool’s limit as ConnectionAcquireTimeoutError', async () => {
    await selectRows(sequelize, 'SELECT 1', []);
    const held = await sequelize.transaction();
    try {
      await expect(
        statementTransaction(sequelize, (transaction) => insert(1, null, transaction)),
      ).rejects.toBeInstanceOf(ConnectionAcquireTimeoutError);
    } finally {
      await held.rollback();
    }
    expect(await ids()).toEqual([]);
  });
});
