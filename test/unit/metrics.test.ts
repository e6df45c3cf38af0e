import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, recordProduced, recordSunk } from '../../shared/metrics';

function fakeMetrics() {
  const added: [string, string, number][] = [];
  return {
    added,
    target: { addMetric: (name: string, unit: string, value: number) => added.push([name, unit, value]) },
  };
}

describe('the pipeline metrics', () => {
  it('a producer run: the ticks it sent', () => {
    const { added, target } = fakeMetrics();
    recordProduced(target as never, { ticks: 840 });
    expect(added).toEqual([[METRIC_NAMES.ticksProduced, 'Count', 840]]);
  });

  it('a sink batch: ticks, quarantined, objects, bytes and freshness from its newest tick', () => {
    const { added, target } = fakeMetrics();
    const now = Date.parse('2026-12-01T12:01:10.000Z');
    recordSunk(
      target as never,
      { written: 280, quarantined: 1, objects: 3, bytes: 12_345, newestEventTimeMs: now - 70_000 },
      now,
    );
    expect(added).toEqual([
      ['TicksSunk', 'Count', 280],
      ['TicksQuarantined', 'Count', 1],
      ['ObjectsWritten', 'Count', 3],
      ['BytesWritten', 'Bytes', 12_345],
      ['FreshnessSeconds', 'Seconds', 70],
    ]);
  });

  it('no freshness for a batch without ticks, and never a negative one for a tick from the future', () => {
    const { added, target } = fakeMetrics();
    const now = Date.parse('2026-12-01T12:00:00.000Z');
    recordSunk(
      target as never,
      { written: 0, quarantined: 2, objects: 1, bytes: 10, newestEventTimeMs: undefined },
      now,
    );
    expect(added.map(([name]) => name)).not.toContain('FreshnessSeconds');
    recordSunk(
      target as never,
      { written: 1, quarantined: 0, objects: 1, bytes: 10, newestEventTimeMs: now + 5_000 },
      now,
    );
    expect(added.at(-1)).toEqual(['FreshnessSeconds', 'Seconds', 0]);
  });
});
