import { QueryTypes } from 'sequelize';
import type { ExplainedStatement } from '@wechat-bind/server/testing';
import { createLogger, createSequelize, explainHotStatements } from '@wechat-bind/server/testing';

/** Tables smaller than this may be scanned: reading a few pages beats walking an index. */
const SCAN_ALLOWED_BELOW_ROWS = 10_000;

export interface ExplainedPlan extends ExplainedStatement {
  /** Sequential scans of tables of SCAN_ALLOWED_BELOW_ROWS rows or more: none is the target. */
  largeScans: string[];
}

/**
 * The plan PostgreSQL picks for each hot statement at the data set's present size (after the
 * seeding's VACUUM ANALYZE), one line each, and every plan in full for results.json.
 */
export async function explainPlans(
  databaseUrl: string,
  say: (line: string) => void,
): Promise<ExplainedPlan[]> {
  const sequelize = createSequelize({
    url: databaseUrl,
    poolMax: 1,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const sizes = new Map(
      (
        await sequelize.query<{ relname: string; reltuples: number }>(
          `SELECT relname, reltuples::float8 AS reltuples FROM pg_class
            WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
          { type: QueryTypes.SELECT },
        )
      ).map((row) => [row.relname, Number(row.reltuples)]),
    );
    const plans = (await explainHotStatements(sequelize)).map((statement) => ({
      ...statement,
      largeScans: statement.seqScans.filter(
        (table) => (sizes.get(table) ?? 0) >= SCAN_ALLOWED_BELOW_ROWS,
      ),
    }));
    for (const plan of plans) {
      const access = plan.plan
        .map((line) =>
          /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: using (\w+))?(?: on (\w+))?/.exec(
            line,
          ),
        )
        .filter((match) => match !== null)
        .map((match) => `${match[1]} ${match[2] ?? match[3] ?? ''}`.trim());
      const mark = plan.largeScans.length === 0 ? '✓' : `✗ scans ${plan.largeScans.join(', ')}`;
      say(`plan: ${plan.endpoint} · ${plan.name}: ${access.join(', ') || 'no table read'} ${mark}`);
    }
    return plans;
  } finally {
    await sequelize.close();
  }
}
