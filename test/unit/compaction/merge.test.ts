import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictingCopiesError } from '../../../shared/compaction';
import { mergeRows } from '../../../shared/compaction/merge';
import type { StoredTick } from '../../../shared/tick';
import { logOf, ticksOf } from './support';

const log = logOf(ticksOf(0, 20)).filter((row) => row.at.partition === 0);

describe('mergeRows', () => {
  it('keeps one row per offset, drops identical copies and counts them', () => {
    // Prepare: a batch, the same batch re-cut longer, and the rest
    const inputs = [
      { key: 'a', rows: log.slice(0, 30) },
      { key: 'b', rows: log.slice(0, 50) },
      { key: 'c', rows: log.slice(50) },
    ];

    // Act
    const merged = mergeRows(inputs);

    // Assess
    expect(merged.rows).toHaveLength(log.length);
    expect(merged.inputRows).toBe(log.length + 30);
    expect(merged.copiesDropped).toBe(30);
    expect(new Set(merged.rows.map((r) => r.at.offset)).size).toBe(log.length);
    expect(merged.tickIdRepeats).toBe(0);
  });

  it('keeps a tick_id sent again at new offsets (a retried producer run) and counts the repeats', () => {
    // Prepare: the first 10 ticks re-sent after the log's end
    const end = log[log.length - 1]!.at.offset;
    const resent = log.slice(0, 10).map((row, i) => ({ ...row, at: { ...row.at, offset: end + 1 + i } }));

    // Act
    const merged = mergeRows([{ key: 'a', rows: [...log, ...resent] }]);

    // Assess
    expect(merged.rows).toHaveLength(log.length + 10);
    expect(merged.tickIdRepeats).toBe(10);
    expect(merged.copiesDropped).toBe(0);
  });

  it('sorts by symbol, then event time, then offset', () => {
    // Prepare: the repeats share symbol and time with their originals, so the offset decides
    const resent = log.slice(0, 5).map((row, i) => ({ ...row, at: { ...row.at, offset: 10_000 + i } }));

    // Act
    const { rows } = mergeRows([
      { key: 'b', rows: [...resent].reverse() },
      { key: 'a', rows: [...log].reverse() },
    ]);

    // Assess
    const order = (r: StoredTick) => [r.tick.symbol, Date.parse(r.tick.event_time), r.at.offset] as const;
    for (let i = 1; i < rows.length; i++) {
      const [s0, t0, o0] = order(rows[i - 1]!);
      const [s1, t1, o1] = order(rows[i]!);
      expect(s0 < s1 || (s0 === s1 && (t0 < t1 || (t0 === t1 && o0 < o1)))).toBe(true);
    }
  });

  it('gives the same rows in the same order whatever the order and cut of the inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: log.length - 1 }), fc.nat({ max: log.length })), {
          minLength: 1,
          maxLength: 6,
        }),
        (cuts) => {
          const inputs = [
            { key: 'all', rows: log },
            ...cuts.map(([a, b], i) => ({ key: `cut${i}`, rows: log.slice(Math.min(a, b), Math.max(a, b)) })),
          ];
          expect(mergeRows(inputs).rows).toEqual(mergeRows([{ key: 'all', rows: [...log].reverse() }]).rows);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses two copies of an offset that differ, naming both objects', () => {
    // Prepare
    const row = log[3]!;
    const altered = { ...row, tick: { ...row.tick, close: row.tick.close + 1 } };

    // Act
    const merge = () =>
      mergeRows([
        { key: 'first.parquet', rows: [row] },
        { key: 'second.parquet', rows: [altered] },
      ]);

    // Assess
    expect(merge).toThrow(ConflictingCopiesError);
    expect(merge).toThrow(/offset \d+ of partition 0 .* first\.parquet and second\.parquet/);
  });
});
