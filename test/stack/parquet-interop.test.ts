import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { encodeTicksParquet } from '../../shared/sink';
import { type StoredTick, TICK_COLUMNS } from '../../shared/tick';
import { aTick } from '../support/builders';

/**
 * Reads a Parquet file with pyarrow and prints what a query engine would see: the Arrow schema,
 * the rows (timestamps as epoch milliseconds), and per column the codec and encodings used.
 */
const READ_WITH_PYARROW = `
import json, sys
from datetime import datetime, timedelta, timezone
import pyarrow.parquet as pq
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ms = lambda v: (v - EPOCH) // timedelta(milliseconds=1) if isinstance(v, datetime) else v
f = pq.ParquetFile(sys.argv[1])
table = f.read()
rg = f.metadata.row_group(0)
print(json.dumps({
  "created_by": f.metadata.created_by,
  "row_groups": f.metadata.num_row_groups,
  "schema": [[field.name, str(field.type), field.nullable] for field in table.schema],
  "rows": [
    {k: ms(v) for k, v in row.items()}
    for row in table.to_pylist()
  ],
  "codecs": sorted({rg.column(i).compression for i in range(rg.num_columns)}),
}))
`;

const dir = mkdtempSync(join(tmpdir(), 'ticks-pyarrow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readWithPyarrow(rows: StoredTick[]): {
  created_by: string;
  row_groups: number;
  schema: [string, string, boolean][];
  rows: Record<string, unknown>[];
  codecs: string[];
} {
  const file = join(dir, `ticks-${rows.length}.parquet`);
  writeFileSync(file, encodeTicksParquet(rows));
  const { python } = inject('pythonTools');
  return JSON.parse(
    execFileSync(python, ['-c', READ_WITH_PYARROW, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  );
}

describe("the sink's Parquet, read by pyarrow (Apache Arrow's C++ implementation)", () => {
  const rows: StoredTick[] = [
    {
      tick: aTick({ event_time: '2025-07-01T09:30:00.125Z', volume: 1_234_567, exchange: 'XNYS' }),
      at: { topic: 'ticks', partition: 2, offset: 9_007_199_254_740_991 },
    },
    {
      tick: aTick({
        symbol: '000001.SS',
        event_time: '2025-07-01T23:59:59.999Z',
        adj_close: null,
        volume: null,
        close_usd: null,
        currency: null,
        exchange: 'Bourse de Zürich — ÿ',
        trade_date: '1987-12-31',
        source: 'replay',
      }),
      at: { topic: 'ticks', partition: 2, offset: 0 },
    },
  ];

  it('has the columns of TICK_COLUMNS with the Arrow types Athena maps them to, nullable as the schema says', () => {
    // Act
    const read = readWithPyarrow(rows);

    // Assess
    const arrowType = {
      string: 'string',
      double: 'double',
      bigint: 'int64',
      int: 'int32',
      timestamp: 'timestamp[ms, tz=UTC]',
    };
    expect(read.schema).toEqual(TICK_COLUMNS.map((c) => [c.name, arrowType[c.type], c.nullable]));
    expect(read.row_groups).toBe(1);
    expect(read.codecs).toEqual(['GZIP']);
    expect(read.created_by).toBe('kafka-stock-ticks sink');
  });

  it('gives back every value, nulls, non-ASCII text and the largest safe offset included', () => {
    // Act
    const read = readWithPyarrow(rows);

    // Assess
    expect(read.rows).toEqual(
      rows.map(({ tick, at }) => ({
        ...tick,
        event_time: Date.parse(tick.event_time),
        kafka_topic: at.topic,
        kafka_partition: at.partition,
        kafka_offset: at.offset,
      })),
    );
  });

  it('reads a full 10,000-row batch', () => {
    // Prepare
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      tick: aTick({ event_time: new Date(Date.parse('2025-07-01T00:00:00Z') + i * 1000).toISOString() }),
      at: { topic: 'ticks', partition: 0, offset: 1_000_000 + i },
    }));

    // Act
    const read = readWithPyarrow(many);

    // Assess
    expect(read.rows).toHaveLength(10_000);
    expect(read.rows.map((r) => r.kafka_offset)).toEqual(many.map((r) => r.at.offset));
    expect(read.rows[9_999]!.event_time).toBe(Date.parse(many[9_999]!.tick.event_time));
  });
});
