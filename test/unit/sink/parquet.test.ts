import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { parquetRows } from '../../../ops/s3/parquet';
import { encodeTicksParquet } from '../../../shared/sink';
import { type StoredTick, TICK_COLUMNS } from '../../../shared/tick';
import { kafkaTopic, validTick } from '../../support/arbitraries';
import { aTick } from '../../support/builders';

const storedTicks = fc.array(
  fc.record({
    tick: validTick,
    at: fc.record({ topic: kafkaTopic, partition: fc.nat({ max: 1_000 }), offset: fc.maxSafeNat() }),
  }),
  { minLength: 1, maxLength: 40 },
);

const fileOf = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('encodeTicksParquet', () => {
  it('reads back, for any rows, every tick value and coordinate in order', async () => {
    await fc.assert(
      fc.asyncProperty(storedTicks, async (rows: StoredTick[]) => {
        // Act
        const read = await parquetRows(encodeTicksParquet(rows));

        // Assess
        expect(read).toHaveLength(rows.length);
        read.forEach((row, i) => {
          const { tick, at } = rows[i]!;
          expect(Object.keys(row)).toEqual(TICK_COLUMNS.map((c) => c.name));
          expect(row).toEqual({
            ...tick,
            event_time: new Date(tick.event_time),
            volume: tick.volume === null ? null : BigInt(tick.volume),
            kafka_topic: at.topic,
            kafka_partition: at.partition,
            kafka_offset: BigInt(at.offset),
          });
        });
      }),
      { numRuns: 100 },
    );
  });

  it('declares each column with the Parquet type of its Athena type, nullable only where the schema allows null', () => {
    // Act
    const metadata = parquetMetadata(
      fileOf(encodeTicksParquet([{ tick: aTick(), at: { topic: 't', partition: 0, offset: 1 } }])),
    );

    // Assess
    const expected: Record<string, [string, string | undefined]> = {
      string: ['BYTE_ARRAY', 'UTF8'],
      double: ['DOUBLE', undefined],
      bigint: ['INT64', undefined],
      int: ['INT32', undefined],
      timestamp: ['INT64', 'TIMESTAMP_MILLIS'],
    };
    const columns = metadata.schema.slice(1).map((e) => ({
      name: e.name,
      type: [e.type, e.converted_type],
      nullable: e.repetition_type === 'OPTIONAL',
    }));
    expect(columns).toEqual(
      TICK_COLUMNS.map((c) => ({ name: c.name, type: expected[c.type], nullable: c.nullable })),
    );
    expect(metadata.row_groups).toHaveLength(1);
    expect(metadata.row_groups[0]!.columns.every((c) => c.meta_data?.codec === 'GZIP')).toBe(true);
  });

  it('gives the same bytes for the same rows (a redelivered batch rewrites identical objects)', () => {
    fc.assert(
      fc.property(storedTicks, (rows) => {
        expect(Buffer.from(encodeTicksParquet(rows)).equals(Buffer.from(encodeTicksParquet(rows)))).toBe(
          true,
        );
      }),
      { numRuns: 50 },
    );
  });

  it('keeps event_time and offset statistics, so readers can skip files by time or offset', () => {
    // Prepare
    const rows = [5, 9, 7].map((offset, i) => ({
      tick: aTick({ event_time: `2025-07-01T09:30:0${i}.250Z` }),
      at: { topic: 't', partition: 2, offset },
    }));

    // Act
    const metadata = parquetMetadata(fileOf(encodeTicksParquet(rows)));

    // Assess
    const stats = (name: string) =>
      metadata.row_groups[0]!.columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!
        .statistics;
    expect(stats('kafka_offset')).toMatchObject({ min_value: 5n, max_value: 9n });
    expect(stats('event_time')).toMatchObject({
      min_value: new Date('2025-07-01T09:30:00.250Z'),
      max_value: new Date('2025-07-01T09:30:02.250Z'),
    });
  });

  it('refuses to write an empty file', () => {
    expect(() => encodeTicksParquet([])).toThrow(/no rows/);
  });
});
