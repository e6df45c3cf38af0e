import { parse } from 'csv-parse/sync';
import { SYMBOL } from '../rules/ticks';
import { ReplayCsvError } from './errors';

/** The header of the tutorial's `indexProcessed.csv`. */
export const REPLAY_CSV_HEADER = [
  'Index',
  'Date',
  'Open',
  'High',
  'Low',
  'Close',
  'Adj Close',
  'Volume',
  'CloseUSD',
];

/** One row of a replay CSV, typed. */
export interface ReplayRow {
  readonly line: number;
  readonly symbol: string;
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly adjClose: number;
  readonly volume: number;
  readonly closeUsd: number;
}

const MAX_REPORTED_PROBLEMS = 5;
const DECIMAL = /^\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Parses a CSV in the tutorial's format. Every row is checked up front: a file with a bad row is
 * refused whole, naming the lines, rather than replayed with holes.
 *
 * @example parseReplayCsv('Index,Date,Open,High,Low,Close,Adj Close,Volume,CloseUSD\nHSI,1986-12-31,2568.3,…')
 */
export function parseReplayCsv(text: string, sourceName = 'replay CSV'): ReplayRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // `info` gives each record's real line number (blank lines and quoted newlines shift them).
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new ReplayCsvError(`${sourceName} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const header = records[0]?.record;
  const body = records.slice(1);
  if (!header || header.join(',') !== REPLAY_CSV_HEADER.join(',')) {
    throw new ReplayCsvError(
      `${sourceName} must start with the header ${REPLAY_CSV_HEADER.join(',')} (found: ${header?.join(',') ?? 'nothing'})`,
    );
  }
  if (body.length === 0) throw new ReplayCsvError(`${sourceName} has a header but no rows`);

  const rows: ReplayRow[] = [];
  const problems: string[] = [];
  body.forEach(({ record: cells, info }) => {
    const line = info.lines;
    const row = toRow(cells, line);
    if (typeof row === 'string') problems.push(`line ${line}: ${row}`);
    else rows.push(row);
  });
  if (problems.length > 0) {
    const more =
      problems.length > MAX_REPORTED_PROBLEMS ? ` (and ${problems.length - MAX_REPORTED_PROBLEMS} more)` : '';
    throw new ReplayCsvError(
      `${sourceName} has bad rows: ${problems.slice(0, MAX_REPORTED_PROBLEMS).join('; ')}${more}`,
    );
  }
  return rows;
}

function toRow(cells: string[], line: number): ReplayRow | string {
  if (cells.length !== REPLAY_CSV_HEADER.length) {
    return `expected ${REPLAY_CSV_HEADER.length} columns, found ${cells.length}`;
  }
  const [symbol, date, ...numeric] = cells as [string, string, ...string[]];
  if (!SYMBOL.test(symbol)) return `Index "${symbol}" is not a ticker`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isCalendarDate(date)) return `Date "${date}" is not YYYY-MM-DD`;
  const values = numeric.map(Number);
  const names = REPLAY_CSV_HEADER.slice(2);
  for (let k = 0; k < values.length; k++) {
    const value = values[k]!;
    const isVolume = names[k] === 'Volume';
    // Plain decimals only: Number() would also read hex (0x10), binary and "Infinity".
    if (!DECIMAL.test(numeric[k]!) || !Number.isFinite(value) || (!isVolume && value === 0)) {
      return `${names[k]} "${numeric[k]}" is not a ${isVolume ? 'non-negative' : 'positive'} number`;
    }
  }
  const [open, high, low, close, adjClose, volume, closeUsd] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!Number.isInteger(volume)) return `Volume "${numeric[5]}" is not a whole number`;
  if (low > high) return `Low ${low} is above High ${high}`;
  return { line, symbol, date, open, high, low, close, adjClose, volume, closeUsd };
}

function isCalendarDate(date: string): boolean {
  const ms = Date.parse(date);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}
