/**
 * A statement as the debug log may show it: every string literal replaced by `'…'`. Sequelize
 * writes the values of WHERE clauses into the SQL text, and those are mobiles, emails, names,
 * openids; the shape of the statement is what debugging needs. Standard (`'it''s'`) and escape
 * (`E'\''`) strings are both recognised, so a quote inside a value cannot end the redaction early.
 */
export function redactSql(sql: string): string {
  return sql.replace(/\b[Ee]'(?:[^'\\]|\\.|'')*'/g, "'…'").replace(/'(?:[^']|'')*'/g, "'…'");
}
