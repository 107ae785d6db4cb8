/**
 * Plain-text output for the list commands: aligned columns, two spaces apart, no box drawing, so
 * the output reads well in a terminal and still survives `grep` and `awk`.
 */

export type Cell = string | number | Date | null | undefined;

/** Seconds precision in UTC: readable, sortable, and what the database holds. */
export function formatDate(date: Date | null | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

function formatCell(cell: Cell): string {
  if (cell instanceof Date) return formatDate(cell);
  if (cell === null || cell === undefined || cell === '') return '-';
  return String(cell);
}

/** The table's lines, or one line saying there is nothing (`emptyText`). */
export function formatTable(headers: string[], rows: Cell[][], emptyText: string): string[] {
  if (rows.length === 0) return [emptyText];
  const text = rows.map((row) => row.map(formatCell));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...text.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)];
}

/** `label  value` lines for one record, labels aligned. */
export function formatFields(fields: Array<[label: string, value: Cell]>): string[] {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${formatCell(value)}`);
}
