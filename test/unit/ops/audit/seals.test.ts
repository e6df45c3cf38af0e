import { describe, expect, it } from 'vitest';
import { formatAudit, type KafkaPartitionState, reconcile } from '../../../../ops/audit';
import type { TopicOffsets } from '../../../../ops/audit/s3-offsets';
import type { SealCheck } from '../../../../shared/compaction';

const kafka: KafkaPartitionState[] = [{ partition: 0, low: 0, high: 2, committed: 2 }];
const stored: TopicOffsets = new Map([
  [
    0,
    {
      ticks: new Map([
        [0, 1],
        [1, 1],
      ]),
      quarantined: new Map(),
      objects: 1,
    },
  ],
]);
const seal = (dt: string, overrides: Partial<SealCheck> = {}): SealCheck => ({
  key: `seals/dt=${dt}/t.json`,
  dt,
  topic: 't',
  ok: true,
  missing: [],
  altered: [],
  unlisted: [],
  ...overrides,
});

describe('the audit’s seals', () => {
  it('are OK when every sealed day is exactly as sealed, and say which days', () => {
    // Act
    const report = reconcile('t', kafka, stored, [], [seal('2025-07-01'), seal('2025-07-02')]);

    // Assess
    expect(report.ok).toBe(true);
    const text = formatAudit(report);
    expect(text).toContain('seals: 2 sealed day(s), 2 exactly as sealed (2025-07-01 .. 2025-07-02)');
    expect(text).toMatch(/^OK: no gap/m);
  });

  it('fail the audit when a sealed day changed, saying what changed and what to run', () => {
    // Act
    const report = reconcile(
      't',
      kafka,
      stored,
      [],
      [
        seal('2025-07-01'),
        seal('2025-07-02', { ok: false, unlisted: ['ticks/dt=2025-07-02/t-0-late.parquet'] }),
        seal('2025-07-03', {
          ok: false,
          missing: ['ticks/dt=2025-07-03/a.compacted.parquet'],
          altered: [
            { key: 'ticks/dt=2025-07-03/b.compacted.parquet', why: 'its SHA-256 differs from the seal' },
          ],
        }),
        seal('2025-07-04', { ok: false, unreadable: 'seal x is not JSON' }),
      ],
    );

    // Assess
    expect(report.ok).toBe(false);
    const text = formatAudit(report);
    expect(text).toContain('seals: 4 sealed day(s), 1 exactly as sealed (2025-07-01)');
    expect(text).toContain(
      'seal 2025-07-02: CHANGED after its seal: 1 tick object(s) not in the seal (first: ticks/dt=2025-07-02/t-0-late.parquet)',
    );
    expect(text).toContain(
      'seal 2025-07-03: CHANGED after its seal: 1 sealed file(s) gone (first: ticks/dt=2025-07-03/a.compacted.parquet); ' +
        '1 sealed file(s) altered (first: ticks/dt=2025-07-03/b.compacted.parquet: its SHA-256 differs from the seal)',
    );
    expect(text).toContain(
      'seal 2025-07-04: CHANGED after its seal: the seal cannot be read: seal x is not JSON',
    );
    expect(text).toMatch(
      /SEALED DAY CHANGED: no gap, but 3 sealed day\(s\).*npm run compact -- --date 2025-07-02/,
    );
  });

  it('leave a gap reported as a gap', () => {
    const report = reconcile(
      't',
      [{ ...kafka[0]!, high: 3, committed: 3 }],
      stored,
      [],
      [seal('2025-07-01', { ok: false, unlisted: ['x'] })],
    );

    expect(formatAudit(report)).toMatch(/GAP: see missing above$/);
  });

  it('add nothing to the report of a topic without seals', () => {
    expect(formatAudit(reconcile('t', kafka, stored))).not.toContain('seal');
  });
});
