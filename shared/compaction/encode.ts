import { gzipSync } from 'node:zlib';
import type { Encoding } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { tickColumnData, tickColumnWriters } from '../sink/parquet';
import type { StoredColumn, StoredTick } from '../tick';

/**
 * Gzip, as the sink's pages (Athena and every Parquet reader decode it), at zlib's default level:
 * compaction runs once a day, off the ingest path, so it can spend more time than the sink's level
 * 1. Measured on a day of the synthetic source sorted as below: level 1 costs 0.5 byte per double
 * more; level 9 gains nothing over 6.
 */
const COMPRESSORS = { GZIP: (input: Uint8Array) => gzipSync(input, { level: 6 }) };

/**
 * Encodings for rows sorted by symbol, then event time (./merge.ts), chosen by measuring each
 * column alone on a day of the default synthetic source (bytes per tick after gzip):
 * - event_time and kafka_offset rise by a near-constant step within a symbol: DELTA_BINARY_PACKED
 *   stores the step once per block (2.46 -> 0.003 and 1.38 -> 0.004 bytes).
 * - symbol, currency, exchange, source, trade_date, kafka_topic and kafka_partition take a handful
 *   of values in long runs: RLE_DICTIONARY makes each run a few bytes.
 * - tick_id is a 128-bit hash, 16 bytes of entropy whatever the encoding: DELTA_LENGTH_BYTE_ARRAY
 *   strips the 4-byte length before each value that PLAIN keeps (18.8 -> 17.3).
 * - volume is random in the synthetic source: DELTA_BINARY_PACKED bit-packs it (2.79 -> 2.17).
 * - prices stay PLAIN: BYTE_STREAM_SPLIT measured worse under gzip (5.24 against 4.04), since
 *   gzip already finds the repeated sign, exponent and high mantissa bytes of neighbouring prices,
 *   while the low mantissa bytes of a 4-decimal price are noise to both.
 * Min/max statistics are kept where a query may filter (symbol, event time, Kafka coordinates).
 *
 * The result is ~42 bytes per tick at the default rate, not the 20 the issue aimed at: tick_id
 * alone is 16 random bytes, and the six prices are ~4 bytes each whatever Parquet encoding holds
 * them (a 4-decimal price is not exact in binary, so its low mantissa bytes are noise). Going lower
 * would take a change of the table's columns (e.g. prices as scaled integers, adj_close dropped
 * when it equals close), not of the file.
 */
const COLUMN_OPTIONS: Record<StoredColumn, { encoding: Encoding; statistics: boolean }> = {
  tick_id: { encoding: 'DELTA_LENGTH_BYTE_ARRAY', statistics: false },
  symbol: { encoding: 'RLE_DICTIONARY', statistics: true },
  event_time: { encoding: 'DELTA_BINARY_PACKED', statistics: true },
  open: { encoding: 'PLAIN', statistics: false },
  high: { encoding: 'PLAIN', statistics: false },
  low: { encoding: 'PLAIN', statistics: false },
  close: { encoding: 'PLAIN', statistics: false },
  adj_close: { encoding: 'PLAIN', statistics: false },
  volume: { encoding: 'DELTA_BINARY_PACKED', statistics: false },
  close_usd: { encoding: 'PLAIN', statistics: false },
  currency: { encoding: 'RLE_DICTIONARY', statistics: true },
  exchange: { encoding: 'RLE_DICTIONARY', statistics: true },
  trade_date: { encoding: 'RLE_DICTIONARY', statistics: true },
  source: { encoding: 'RLE_DICTIONARY', statistics: true },
  kafka_topic: { encoding: 'RLE_DICTIONARY', statistics: true },
  kafka_partition: { encoding: 'RLE_DICTIONARY', statistics: true },
  kafka_offset: { encoding: 'DELTA_BINARY_PACKED', statistics: true },
};

/**
 * Each symbol gets a row group of its own (see rowGroupSizes), so min/max statistics are per
 * symbol: a query for one symbol reads one row group of each file and skips the others (measured
 * cost on a day at the default rate: 0.24 bytes per tick).
 */
const MIN_ROW_GROUP = 10_000;

/** Recorded in the footer; fixed, and no time anywhere in the file, so the same rows give the same bytes. */
const CREATED_BY = 'kafka-stock-ticks compaction';

const COLUMN_WRITERS = tickColumnWriters(COLUMN_OPTIONS);

/**
 * The compacted file of a day and partition: the rows in the order given (./merge.ts sorts them),
 * exactly the columns of TICK_COLUMNS with the types the sink writes, a row group per run of one
 * symbol. Deterministic.
 *
 * @example const body = encodeCompactedParquet(mergeRows(inputs).rows);
 */
export function encodeCompactedParquet(rows: readonly StoredTick[]): Uint8Array {
  if (rows.length === 0) throw new Error('encodeCompactedParquet: no rows (an empty file is never planned)');
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: tickColumnData(rows, COLUMN_WRITERS),
      codec: 'GZIP',
      compressors: COMPRESSORS,
      rowGroupSize: rowGroupSizes(rows),
      createdBy: CREATED_BY,
    }),
  );
}

/**
 * Row group sizes: a new group where the symbol changes, once the current group holds at least
 * MIN_ROW_GROUP rows. At the default rate a symbol has ~86,000 rows a day in its partition, so
 * every symbol gets a group of its own; a small day is not split into groups that each cost a
 * footer entry and dictionaries for a few hundred rows.
 */
export function rowGroupSizes(rows: readonly StoredTick[]): number[] {
  const sizes: number[] = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const symbolChanges = i === rows.length || rows[i]!.tick.symbol !== rows[i - 1]!.tick.symbol;
    if (symbolChanges && (i - start >= MIN_ROW_GROUP || i === rows.length)) {
      sizes.push(i - start);
      start = i;
    }
  }
  return sizes;
}
