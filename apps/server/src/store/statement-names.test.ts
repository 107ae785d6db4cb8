import { randomBytes } from 'node:crypto';
import { DatabaseError, QueryTypes, Sequelize } from 'sequelize';
import { isEmbeddedDatabase } from '../../test/support/test-context';
import { execute, selectRows } from './select-rows';
import { statementTransaction } from './statement-transaction';
import {
  MAX_NAMED_STATEMENTS,
  nameStatementsOf,
  nameStatementsUnlessEmbedded,
  statementNameFor,
} from './statement-names';

/** One connection, so every statement and the look at pg_prepared_statements share a session. */
const connect = () =>
  new Sequelize(process.env.DATABASE_URL!, {
    dialect: 'postgres',
    logging: false,
    pool: { max: 1, acquire: 5_000 },
  });

/** A text no other test prepares: the embedded database serves all its clients in one session. */
const uniqueSql = (sql: string) => `${sql} -- ${randomBytes(6).toString('hex')}`;

interface Prepared {
  name: string;
  calls: number;
}

const preparedAs = async (sequelize: Sequelize, sql: string): Promise<Prepared[]> =>
  sequelize.query<Prepared>(
    `SELECT name, (generic_plans + custom_plans)::int AS calls
       FROM pg_prepared_statements WHERE statement = $1`,
    { bind: [sql], type: QueryTypes.SELECT },
  );

describe('named hot statements', () => {
  let sequelize: Sequelize;
  beforeEach(() => {
    sequelize = connect();
  });
  afterEach(() => sequelize.close());

  it('are used on real PostgreSQL and not on PGlite, whose clients share one session', async () => {
    const version = await sequelize.query<{ version: string }>('SELECT version() AS version', {
      type: QueryTypes.SELECT,
    });
    expect(version[0]!.version.includes('PGlite')).toBe(isEmbeddedDatabase());
    await expect(nameStatementsUnlessEmbedded(sequelize)).resolves.toBe(!isEmbeddedDatabase());
    const sql = uniqueSql('SELECT $1::int AS n');
    await selectRows(sequelize, sql, [1]);
    expect(await preparedAs(sequelize, sql)).toHaveLength(isEmbeddedDatabase() ? 0 : 1);
  });

  it('are prepared once per connection and then only bound and run', async () => {
    nameStatementsOf(sequelize);
    const sql = uniqueSql('SELECT $1::int * 2 AS n');
    for (let n = 1; n <= 7; n += 1) {
      expect(await selectRows(sequelize, sql, [n])).toEqual([{ n: n * 2 }]);
    }
    const name = statementNameFor(sequelize, sql);
    expect(name).toMatch(/^wb_[0-9a-f]{24}$/);
    expect(await preparedAs(sequelize, sql)).toEqual([{ name, calls: 7 }]);
  });

  it('are sent unnamed where naming is off', async () => {
    const sql = uniqueSql('SELECT $1::int AS n');
    expect(statementNameFor(sequelize, sql)).toBeUndefined();
    expect(await selectRows(sequelize, sql, [3])).toEqual([{ n: 3 }]);
    expect(await preparedAs(sequelize, sql)).toEqual([]);
  });

  it('leave statements without values (BEGIN, COMMIT) to the simple protocol', async () => {
    nameStatementsOf(sequelize);
    const sql = uniqueSql('SELECT 4 AS n');
    expect(await selectRows(sequelize, sql, [])).toEqual([{ n: 4 }]);
    expect(await preparedAs(sequelize, sql)).toEqual([]);
  });

  it('fail as Sequelize errors and still run afterwards, in and out of transactions', async () => {
    nameStatementsOf(sequelize);
    const sql = uniqueSql('SELECT 10 / $1::int AS n');
    await expect(selectRows(sequelize, sql, [0])).rejects.toBeInstanceOf(DatabaseError);
    // A rolled-back transaction takes its rows with it, not the session's prepared statements.
    await expect(
      statementTransaction(sequelize, async (transaction) => {
        expect(await selectRows(sequelize, sql, [5], transaction)).toEqual([{ n: 2 }]);
        await execute(sequelize, sql, [0], transaction);
      }),
    ).rejects.toBeInstanceOf(DatabaseError);
    expect(await selectRows(sequelize, sql, [2])).toEqual([{ n: 5 }]);
    const [prepared] = await preparedAs(sequelize, sql);
    expect(prepared!.name).toBe(statementNameFor(sequelize, sql));
  });

  it('refuse a text that does not parse each time, and the connection goes on', async () => {
    nameStatementsOf(sequelize);
    const sql = uniqueSql('SELEC $1::int');
    await expect(selectRows(sequelize, sql, [1])).rejects.toBeInstanceOf(DatabaseError);
    await expect(selectRows(sequelize, sql, [1])).rejects.toBeInstanceOf(DatabaseError);
    expect(await selectRows(sequelize, 'SELECT $1::int AS n', [8])).toEqual([{ n: 8 }]);
  });

  it('stop at a bounded number of texts: the ones named keep their names, the rest go unnamed', async () => {
    nameStatementsOf(sequelize);
    const first = uniqueSql('SELECT $1::int AS n');
    const firstName = statementNameFor(sequelize, first);
    expect(firstName).toBeDefined();
    const texts = Array.from({ length: MAX_NAMED_STATEMENTS }, (_, index) =>
      uniqueSql(`SELECT $1::int + ${index} AS n`),
    );
    const named = texts.filter((text) => statementNameFor(sequelize, text) !== undefined);
    expect(named.length).toBeLessThan(MAX_NAMED_STATEMENTS);
    expect(new Set(named.map((text) => statementNameFor(sequelize, text))).size).toBe(named.length);
    expect(statementNameFor(sequelize, first)).toBe(firstName);
    const late = uniqueSql('SELECT $1::int - 1 AS n');
    expect(statementNameFor(sequelize, late)).toBeUndefined();
    expect(await selectRows(sequelize, late, [1])).toEqual([{ n: 0 }]);
    expect(await preparedAs(sequelize, late)).toEqual([]);
  });
});
