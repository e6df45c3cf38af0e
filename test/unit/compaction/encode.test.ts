import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { encodeCompactedParquet, rowGroupSizes } from '../../../shared/compaction/encode';
import { mergeRows } from '../../../shared/compaction/merge';
import { readTickRows } from '../../../shared/compaction/rows';
import { encodeTicksParquet } from '../../../shared/sink';
import { TICK_COLUMNS } from '../../../shared/tick';
import { aTick } from '../../support/builders';
import { logOf, ticksOf } from './support';

const log = logOf(ticksOf(0, 120)).filter((r) => r.at.partition === 1);
const { rows } = mergeRows([{ key: 'a', rows: log }]);
const fileOf = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('encodeCompactedParquet', () => {
  it('reads back as the very rows it was given, in order', async () => {
    // Act
    const back = await readTickRows(encodeCompactedParquet(rows), 'k');

    // Assess
    expect(back).toEqual(rows);
  });

  it('keeps nulls, and rows the synthetic source never makes (replayed CSV rows)', async () => {
    // Prepare
    const odd = [
      {
        tick: aTick({ volume: null, close_usd: null, currency: null, exchange: null, adj_close: null }),
        at: { topic: 't', partition: 0, offset: 1 },
      },
      {
        tick: aTick({ source: 'replay', trade_date: '2008-01-02', volume: 7 }),
        at: { topic: 't', partition: 0, offset: 2 },
      },
    ];

    // Act
    const back = await readTickRows(encodeCompactedParquet(odd), 'k');

    // Assess
    expect(back.map((r) => r.tick)).toEqual(
      odd.map((r) => ({ ...r.tick, event_time: new Date(r.tick.event_time).toISOString() })),
    );
  });

  it('gives the same bytes for the same rows, with a fixed writer name and no time in them', () => {
    // Act
    const a = encodeCompactedParquet(rows);
    const b = encodeCompactedParquet(rows.map((r) => ({ tick: { ...r.tick }, at: { ...r.at } })));

    // Assess
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(parquetMetadata(fileOf(a)).created_by).toBe('kafka-stock-ticks compaction');
  });

  it('declares the columns and types the sink writes, with encodings for sorted data', () => {
    // Act
    const compacted = parquetMetadata(fileOf(encodeCompactedParquet(rows)));
    const sink = parquetMetadata(fileOf(encodeTicksParquet(rows)));

    // Assess
    expect(compacted.schema).toEqual(sink.schema);
    const encodings = Object.fromEntries(
      compacted.row_groups[0]!.columns.map((c) => [c.meta_data!.path_in_schema[0], c.meta_data!.encodings]),
    );
    expect(encodings.event_time).toContain('DELTA_BINARY_PACKED');
    expect(encodings.kafka_offset).toContain('DELTA_BINARY_PACKED');
    expect(encodings.tick_id).toContain('DELTA_LENGTH_BYTE_ARRAY');
    expect(encodings.symbol).toContain('RLE_DICTIONARY');
    expect(Object.keys(encodings)).toEqual(TICK_COLUMNS.map((c) => c.name));
  });

  it('gives each symbol a row group when it has enough rows, so its min/max statistics rule out every other symbol', async () => {
    // Prepare: 14 symbols, 12,000 rows each
    const big = Array.from({ length: 12_000 * 14 }, (_, i) => {
      const row = rows[i % 14]!;
      return {
        tick: { ...row.tick, symbol: `S${String(Math.floor(i / 12_000)).padStart(2, '0')}` },
        at: { ...row.at, offset: i },
      };
    });

    // Act
    const { row_groups } = parquetMetadata(fileOf(encodeCompactedParquet(big)));

    // Assess
    expect(row_groups).toHaveLength(14);
    row_groups.forEach((group, i) => {
      const stats = group.columns.find((c) => c.meta_data!.path_in_schema[0] === 'symbol')!.meta_data!
        .statistics!;
      const symbol = `S${String(i).padStart(2, '0')}`;
      expect([stats.min_value, stats.max_value]).toEqual([symbol, symbol]);
      expect(group.num_rows).toBe(12_000n);
    });
  });

  it('keeps a small day’s symbols together in row groups of at least 10,000 rows, split only where the symbol changes', () => {
    // Prepare: runs of 4,000, 7,000, 2,000 and 500 rows
    const runs = [4_000, 7_000, 2_000, 500];
    const sized = runs.flatMap((n, s) =>
      Array.from({ length: n }, () => ({ ...rows[0]!, tick: { ...rows[0]!.tick, symbol: `S${s}` } })),
    );

    // Act, Assess
    expect(rowGroupSizes(sized)).toEqual([11_000, 2_500]);
    expect(rowGroupSizes(rows)).toEqual([rows.length]);
    expect(rowGroupSizes([])).toEqual([]);
  });

  it('is smaller than the sink objects it replaces', () => {
    // Prepare: the sink's objects of ~280 rows, in offset order as the mapping delivers them
    let sinkBytes = 0;
    for (let i = 0; i < log.length; i += 280) sinkBytes += encodeTicksParquet(log.slice(i, i + 280)).length;

    // Act
    const compactedBytes = encodeCompactedParquet(rows).length;

    // Assess
    expect(compactedBytes).toBeLessThan(sinkBytes * 0.85);
  });

  it('refuses to write a file without rows', () => {
    expect(() => encodeCompactedParquet([])).toThrow(/no rows/);
  });
});
