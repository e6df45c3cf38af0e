import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { ForeignObjectError } from '../../../shared/compaction';
import { readTickRows, sameRow, sameRows } from '../../../shared/compaction/rows';
import { encodeTicksParquet } from '../../../shared/sink';
import { aTick } from '../../support/builders';

const row = { tick: aTick(), at: { topic: 'ticks', partition: 0, offset: 5 } };

describe('readTickRows', () => {
  it('reads a sink object back as the rows it was written from', async () => {
    expect(await readTickRows(encodeTicksParquet([row]), 'k')).toEqual([row]);
  });

  it('refuses bytes that are not Parquet, naming the key and what to do', async () => {
    const read = readTickRows(gzipSync('{"a":1}\n'), 'ticks/dt=2025-07-01/ticks-0-x.parquet');

    await expect(read).rejects.toThrow(ForeignObjectError);
    await expect(readTickRows(gzipSync('{"a":1}\n'), 'k')).rejects.toThrow(
      /k is not a readable Parquet file.*move it out/,
    );
  });

  it('refuses a Parquet file without the tick columns', async () => {
    // Prepare
    const other = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'tick_id', data: ['x'], type: 'STRING' }] }),
    );

    // Act, Assess
    await expect(readTickRows(other, 'k')).rejects.toThrow(/lacks the tick columns symbol, event_time/);
  });
});

describe('sameRow and sameRows', () => {
  it('tell rows apart by any stored value, coordinates included', () => {
    expect(sameRow(row, { tick: { ...row.tick }, at: { ...row.at } })).toBe(true);
    expect(sameRow(row, { ...row, at: { ...row.at, offset: 6 } })).toBe(false);
    expect(sameRow(row, { ...row, tick: { ...row.tick, volume: null } })).toBe(false);
    expect(sameRows([row], [row, row])).toBe(false);
    expect(sameRows([row, row], [row, { ...row, at: { ...row.at, partition: 1 } }])).toBe(false);
  });
});
