/**
 * Which `dt` partitions a query needs, where the SQL says so plainly: `dt = '…'`, `dt IN (…)`,
 * `dt BETWEEN '…' AND '…'`, `dt >= '…'` / `dt > '…'` / `dt <= '…'` / `dt < '…'`. Anything else
 * (no dt filter, OR-ed filters, functions of dt) reads every partition, which is always correct.
 */
export interface DtFilter {
  readonly min?: string;
  readonly max?: string;
  readonly values?: readonly string[];
}

const DATE = `'(\\d{4}-\\d{2}-\\d{2})'`;

export function dtFilterOf(sql: string): DtFilter | undefined {
  const text = sql.replace(/\s+/g, ' ');
  // An OR anywhere may widen the filter; don't guess.
  if (/\bor\b/i.test(text)) return undefined;
  const values = new RegExp(`\\bdt\\s*=\\s*${DATE}`, 'i').exec(text);
  if (values) return { values: [values[1]!] };
  const list = /\bdt\s+in\s*\(([^)]*)\)/i.exec(text);
  if (list) {
    const dates = [...list[1]!.matchAll(/'(\d{4}-\d{2}-\d{2})'/g)].map((m) => m[1]!);
    if (dates.length > 0) return { values: dates };
  }
  const between = new RegExp(`\\bdt\\s+between\\s+${DATE}\\s+and\\s+${DATE}`, 'i').exec(text);
  if (between) return { min: between[1]!, max: between[2]! };
  const filter: { min?: string; max?: string } = {};
  for (const m of text.matchAll(new RegExp(`\\bdt\\s*(>=|>|<=|<)\\s*${DATE}`, 'gi'))) {
    if (m[1]!.startsWith('>')) filter.min = m[2]!;
    else filter.max = m[2]!;
  }
  return filter.min || filter.max ? filter : undefined;
}

/** Whether a partition date can hold rows the filter wants (inclusive bounds: never too narrow). */
export function wantsPartition(filter: DtFilter | undefined, dt: string): boolean {
  if (!filter) return true;
  if (filter.values) return filter.values.includes(dt);
  return (!filter.min || dt >= filter.min) && (!filter.max || dt <= filter.max);
}
