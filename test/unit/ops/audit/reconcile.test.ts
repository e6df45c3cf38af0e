import { describe, expect, it } from 'vitest';
import { formatAudit, type KafkaPartitionState, reconcile } from '../../../../ops/audit';
import type { TopicOffsets } from '../../../../ops/audit/s3-offsets';

const kafka = (partition: number, low: number, high: number, committed?: number): KafkaPartitionState => ({
  partition,
  low,
  high,
  committed,
});

/** S3 holding, per partition, ticks at the given offsets (an offset twice = a row stored twice). */
function stored(partitions: Record<number, { ticks?: number[]; quarantined?: number[] }>): TopicOffsets {
  const count = (offsets: number[] = []) => {
    const map = new Map<number, number>();
    for (const o of offsets) map.set(o, (map.get(o) ?? 0) + 1);
    return map;
  };
  return new Map(
    Object.entries(partitions).map(([p, { ticks, quarantined }]) => [
      Number(p),
      { ticks: count(ticks), quarantined: count(quarantined), objects: 1 },
    ]),
  );
}

describe('reconcile', () => {
  it('is OK when every committed offset is stored once as a tick or quarantined', () => {
    // Act
    const report = reconcile(
      't',
      [kafka(0, 0, 5, 5)],
      stored({ 0: { ticks: [0, 1, 3, 4], quarantined: [2] } }),
    );

    // Assess
    expect(report.ok).toBe(true);
    expect(report.partitions[0]).toMatchObject({
      missing: 0,
      duplicated: 0,
      inBoth: 0,
      pending: 0,
      gaps: [],
    });
    expect(formatAudit(report)).toMatch(/^OK: no gap/m);
  });

  it('reports gaps as ranges, rows stored twice, and records not yet committed as pending', () => {
    // Act
    const report = reconcile('t', [kafka(0, 0, 10, 8)], stored({ 0: { ticks: [0, 0, 1, 4, 5, 7] } }));

    // Assess
    expect(report.ok).toBe(false);
    expect(report.partitions[0]).toMatchObject({
      expected: { first: 0, last: 7 },
      missing: 3,
      gaps: [
        { first: 2, last: 3 },
        { first: 6, last: 6 },
      ],
      duplicated: 1,
      pending: 2,
    });
    expect(formatAudit(report)).toContain('missing 3 (gaps 2..3, 6) | pending 2');
  });

  it('names objects it cannot read, so a gap they explain is not a mystery', () => {
    // Prepare
    const legacy = 'ticks/dt=2026-11-25/t-0-0000000000000000000-0000000000000000001.json.gz';

    // Act
    const report = reconcile('t', [kafka(0, 0, 2, 2)], new Map(), [legacy]);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.unreadable).toEqual([legacy]);
    const text = formatAudit(report);
    expect(text).toContain(`1 objects of this topic are not in the format the sink writes`);
    expect(text).toContain(`(first: ${legacy})`);
    expect(text).toMatch(/GAP: see missing above$/);
  });
});
