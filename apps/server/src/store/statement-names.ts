import { createHash } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';

/**
 * Named prepared statements for the hand-written hot statements.
 *
 * An unnamed statement is parsed and planned on every call. For the store's joins the planning is
 * most of PostgreSQL's work: the account join costs the database about 250 µs of CPU a call
 * unnamed and about 47 µs named (docs/performance.md). A named statement is parsed once per
 * connection, and after a few calls PostgreSQL keeps a generic plan for it.
 *
 * A name lives in one server session, so naming is off where sessions are shared: embedded
 * PostgreSQL, whose socket serves every client in one session (found by asking the database, so
 * also when it is reached by URL), and PgBouncer in transaction mode before 1.21, which the
 * database cannot tell apart (DATABASE_PREPARED_STATEMENTS=false, docs/deployment.md).
 */

/** Distinct statement texts given names; past this, a text is sent unnamed. */
export const MAX_NAMED_STATEMENTS = 200;

const naming = new WeakSet<Sequelize>();
const names = new Map<string, string>();

/** From now on, the hand-written statements sent through this Sequelize's pool are named. */
export function nameStatementsOf(sequelize: Sequelize): void {
  naming.add(sequelize);
}

/** Names this Sequelize's statements unless its database is PGlite; answers whether it does. */
export async function nameStatementsUnlessEmbedded(sequelize: Sequelize): Promise<boolean> {
  const [row] = await sequelize.query<{ version: string }>('SELECT version() AS version', {
    type: QueryTypes.SELECT,
  });
  if (/\(PGlite\b/.test(row?.version ?? '')) return false;
  nameStatementsOf(sequelize);
  return true;
}

/**
 * The name a statement's text is prepared under, or undefined when it is sent unnamed. The name
 * is a digest of the text, so one text has one name on every connection and two texts never
 * share one; the map bounds how many names each connection can be asked to keep, should a caller
 * ever build its SQL text from data.
 */
export function statementNameFor(sequelize: Sequelize, sql: string): string | undefined {
  if (!naming.has(sequelize)) return undefined;
  const known = names.get(sql);
  if (known !== undefined || names.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `wb_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  names.set(sql, name);
  return name;
}
