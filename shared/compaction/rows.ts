import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { columnReader, type StoredColumn, type StoredTick, TICK_COLUMNS, type Tick } from '../tick';
import { ForeignObjectError } from './errors';

// Tick objects are gzip pages (shared/sink/parquet.ts and ./encode.ts); hyparquet decodes only Snappy itself.
const DECOMPRESSORS = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };
// Timestamps straight to the ISO text a Tick carries, instead of a Date per value.
const PARSERS = { timestampFromMilliseconds: (ms: bigint) => new Date(Number(ms)).toISOString() };
const COLUMN_NAMES = TICK_COLUMNS.map((c) => c.name);

/**
 * The rows of a tick object (as the sink or compaction wrote it) as the StoredTicks they were
 * written from: event times as ISO text with milliseconds, INT64 values as numbers.
 *
 * @example const rows = await readTickRows(bytes, 'ticks/dt=2025-07-01/ticks-0-…parquet');
 */
export async function readTickRows(bytes: Uint8Array, key: string): Promise<StoredTick[]> {
  let objects: Record<string, unknown>[];
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    objects = await parquetReadObjects({ file, compressors: DECOMPRESSORS, parsers: PARSERS });
  } catch (error) {
    throw new ForeignObjectError(
      `${key} is not a readable Parquet file (${(error as Error).message}); move it out of the ticks prefix and run again`,
      { cause: error },
    );
  }
  const first = objects[0];
  const missing = first ? COLUMN_NAMES.filter((name) => !(name in first)) : [];
  if (missing.length > 0)
    throw new ForeignObjectError(
      `${key} lacks the tick columns ${missing.join(', ')}: it was not written by the sink; move it out of the ticks prefix and run again`,
    );
  return objects.map(toStoredTick);
}

function toStoredTick(o: Record<string, unknown>): StoredTick {
  const tick = {
    tick_id: o.tick_id,
    symbol: o.symbol,
    event_time: o.event_time,
    open: o.open,
    high: o.high,
    low: o.low,
    close: o.close,
    adj_close: o.adj_close,
    volume: o.volume === null ? null : Number(o.volume),
    close_usd: o.close_usd,
    currency: o.currency,
    exchange: o.exchange,
    trade_date: o.trade_date,
    source: o.source,
  } as Tick;
  return {
    tick,
    at: {
      topic: o.kafka_topic as string,
      partition: o.kafka_partition as number,
      offset: Number(o.kafka_offset),
    },
  };
}

const READERS = COLUMN_NAMES.map((name) => columnReader(name as StoredColumn));

/** Whether two rows hold the same value in every stored column. */
export function sameRow(x: StoredTick, y: StoredTick): boolean {
  for (const read of READERS) if (read(x) !== read(y)) return false;
  return true;
}

/**
 * Whether two row lists hold the same values in the same order, compared value by value (no text
 * is built: a day of a partition is hundreds of thousands of rows).
 */
export function sameRows(a: readonly StoredTick[], b: readonly StoredTick[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRow(a[i]!, b[i]!)) return false;
  return true;
}

/** SHA-256 of bytes, hex: what a seal records of each file. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
