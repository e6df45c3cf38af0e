import { gzipSync } from 'node:zlib';
import { type BasicType, type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import {
  type AthenaType,
  type Column,
  columnReader,
  type StoredColumn,
  type StoredTick,
  TICK_COLUMNS,
} from '../tick';

/**
 * Tick objects are Parquet: Athena reads only the columns a query names and skips files whose
 * min/max statistics rule them out (event_time, symbol, offsets), and writing it costs the sink
 * less than JSON lines plus gzip (see the benchmark in the README).
 */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

// Timestamps as INT64 milliseconds since the epoch, UTC: the precision Athena reads from Parquet.
const PARQUET_TYPES: Record<AthenaType, BasicType> = {
  string: 'STRING',
  double: 'DOUBLE',
  bigint: 'INT64',
  int: 'INT32',
  timestamp: 'TIMESTAMP',
};

/**
 * Pages are gzip level 1 (zlib, native code), not the writer's JavaScript Snappy. Measured here on
 * the benchmark's 10,000 ticks: Snappy 42 ms for 827 KiB, gzip level 1 40 ms for 559 KiB, gzip
 * run-length-only 33 ms for 734 KiB, none 24 ms for 1,114 KiB. Athena bills by bytes scanned, so
 * the smallest file at no more time than Snappy wins; higher levels saved under 3% for 10-40% more.
 */
const COMPRESSORS = { GZIP: (input: Uint8Array) => gzipSync(input, { level: 1 }) };

/**
 * Columns whose values are (nearly) all distinct are written PLAIN: the writer would otherwise
 * build a dictionary first and then discard it. Min/max statistics are kept where a query may
 * filter (symbol, times, Kafka coordinates) and skipped where they never let a reader skip
 * anything useful (tick_id's random hex, prices, volume).
 */
const COLUMN_OVERRIDES: TickColumnOptions = {
  tick_id: { encoding: 'PLAIN', statistics: false },
  event_time: { encoding: 'PLAIN' },
  open: { encoding: 'PLAIN', statistics: false },
  high: { encoding: 'PLAIN', statistics: false },
  low: { encoding: 'PLAIN', statistics: false },
  close: { encoding: 'PLAIN', statistics: false },
  adj_close: { encoding: 'PLAIN', statistics: false },
  close_usd: { encoding: 'PLAIN', statistics: false },
  volume: { encoding: 'PLAIN', statistics: false },
  kafka_offset: { encoding: 'PLAIN' },
};

/** Writer name recorded in the file footer; fixed so that the same rows always give the same bytes. */
const CREATED_BY = 'kafka-stock-ticks sink';

/** Per-column writer settings (encoding, statistics) on top of the tick schema's name and type. */
export type TickColumnOptions = Partial<Record<StoredColumn, Partial<ColumnSource>>>;

interface ColumnWriter {
  readonly column: Column;
  readonly read: (row: StoredTick) => unknown;
  readonly options: Omit<ColumnSource, 'data'>;
}

/** The writers of TICK_COLUMNS with these settings; made once per module, used for every file. */
export function tickColumnWriters(overrides: TickColumnOptions): readonly ColumnWriter[] {
  return TICK_COLUMNS.map((column) => ({
    column,
    read: columnReader(column.name as StoredColumn),
    options: {
      name: column.name,
      type: PARQUET_TYPES[column.type],
      nullable: column.nullable,
      ...overrides[column.name as StoredColumn],
    },
  }));
}

/** The rows as the writer's column data, one entry per column of TICK_COLUMNS. */
export function tickColumnData(
  rows: readonly StoredTick[],
  writers: readonly ColumnWriter[],
): ColumnSource[] {
  return writers.map((writer): ColumnSource => ({ ...writer.options, data: columnValues(rows, writer) }));
}

const COLUMN_WRITERS = tickColumnWriters(COLUMN_OVERRIDES);

/**
 * One Parquet file (one row group, gzip pages) holding the rows in the order given, with exactly the
 * columns of TICK_COLUMNS. Deterministic: the same rows give the same bytes, so a redelivered batch
 * rewrites an object with identical content.
 */
export function encodeTicksParquet(rows: readonly StoredTick[]): Uint8Array {
  if (rows.length === 0) throw new Error('encodeTicksParquet: no rows (an empty object is never planned)');
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: tickColumnData(rows, COLUMN_WRITERS),
      codec: 'GZIP',
      compressors: COMPRESSORS,
      rowGroupSize: rows.length,
      createdBy: CREATED_BY,
    }),
  );
}

/** A column's values in the form the writer takes: typed arrays where no value can be null. */
function columnValues(rows: readonly StoredTick[], { column, read }: ColumnWriter): ColumnSource['data'] {
  const n = rows.length;
  switch (column.type) {
    case 'double':
      if (column.nullable) return rows.map(read);
      return Float64Array.from(rows, read as (row: StoredTick) => number);
    case 'int':
      if (column.nullable) return rows.map(read);
      return Int32Array.from(rows, read as (row: StoredTick) => number);
    case 'bigint': {
      const values = new Array<bigint | null>(n);
      for (let i = 0; i < n; i++) {
        const value = read(rows[i]!) as number | null;
        values[i] = value === null ? null : BigInt(value);
      }
      return values;
    }
    case 'timestamp': {
      // The schema admits only `…Z` (UTC) times, already checked to be real calendar times.
      const values = new Array<number>(n);
      for (let i = 0; i < n; i++) values[i] = Date.parse(read(rows[i]!) as string);
      return values;
    }
    case 'string':
      return rows.map(read);
  }
}
