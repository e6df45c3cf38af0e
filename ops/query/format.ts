/** Rows with their column names, as any engine answers them. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Renders a result as an aligned text table, JSON (an array of objects) or CSV (RFC 4180). */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  const cells = result.rows.map((row) => row.map(text));
  switch (format) {
    case 'json':
      return JSON.stringify(
        result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, jsonValue(row[i])]))),
        null,
        2,
      );
    case 'csv':
      return [[...result.columns], ...cells].map((row) => row.map(csvCell).join(',')).join('\n');
    case 'table': {
      const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
      const line = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
      const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
      return [line([...result.columns]), rule, ...cells.map(line), `(${result.rows.length} rows)`].join('\n');
    }
  }
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return typeof value === 'object' ? JSON.stringify(jsonValue(value)) : String(value);
}

function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
