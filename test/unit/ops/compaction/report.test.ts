import { describe, expect, it } from 'vitest';
import { formatCompaction } from '../../../../ops/compaction/report';
import type { DaySummary, PartitionOutcome } from '../../../../shared/compaction';

const DAY = 'ticks/dt=2026-12-01/';
const input = (first: number, last: number, rows: number, bytes: number) => ({
  key: `${DAY}ticks-0-${String(first).padStart(19, '0')}-${String(last).padStart(19, '0')}.parquet`,
  rows,
  bytes,
});

function partition(overrides: Partial<PartitionOutcome> = {}): PartitionOutcome {
  return {
    partition: 0,
    action: 'compacted',
    inputs: [input(0, 279, 280, 20_000), input(280, 559, 280, 20_000), input(280, 419, 140, 10_000)],
    output: {
      key: `${DAY}ticks-0-${'0'.repeat(19)}-${String(559).padStart(19, '0')}.compacted.parquet`,
      bytes: 23_520,
      sha256: 'a'.repeat(64),
      rows: 560,
    },
    firstOffset: 0,
    lastOffset: 559,
    offsets: 560,
    copiesDropped: 140,
    tickIdRepeats: 0,
    wrote: true,
    deleted: [input(0, 279, 0, 0).key, input(280, 559, 0, 0).key, input(280, 419, 0, 0).key],
    ...overrides,
  };
}

function day(overrides: Partial<DaySummary> = {}): DaySummary {
  return {
    dt: '2026-12-01',
    topic: 'ticks',
    dryRun: false,
    partitions: [partition()],
    ignored: [],
    seal: undefined,
    writes: 2,
    deletes: 3,
    ...overrides,
  };
}

describe('formatCompaction', () => {
  it('says what a run did: the partition, its inputs, its file, the seal, and bytes per tick', () => {
    const text = formatCompaction(
      day({
        seal: {
          key: 'seals/dt=2026-12-01/ticks.json',
          state: 'written',
          content: {} as never,
          audit: {
            state: 'clean',
            partitions: [
              { partition: 0, from: 0, to: 560, committed: 600, missing: 0, gaps: [], pending: 0 },
            ],
          },
        },
      }),
      's3://ticks-local/ticks/',
      false,
    );
    expect(text.split('\n')).toEqual([
      'compaction of ticks on 2026-12-01 in s3://ticks-local/ticks/',
      `  partition 0: 3 objects, 700 rows, 0.05 MiB -> ${partition().output.key}: 560 rows (offsets 0..559), 0.02 MiB | 140 copies dropped, 0 tick_id repeats | written, verified, 3 objects deleted`,
      '  seal seals/dt=2026-12-01/ticks.json: written',
      "  audit against Kafka: the day's records 0:0..559 (partition:offsets) all in S3",
      '  3 objects, 0.05 MiB -> 1 files, 0.02 MiB; 42.0 bytes per tick',
      '  2 objects written, 3 deleted',
    ]);
  });

  it('in a dry run lists the inputs it would replace, at most ten unless verbose', () => {
    const many = Array.from({ length: 12 }, (_, i) => input(i * 10, i * 10 + 9, 10, 1_000));
    const summary = day({
      dryRun: true,
      partitions: [partition({ action: 'planned', inputs: many, wrote: false, deleted: [] })],
    });
    const short = formatCompaction(summary, 'here', false);
    expect(short).toMatch(/^dry run: compaction of ticks/);
    expect(short).toContain('would write it and delete 12 objects');
    expect(short).toContain('… and 2 more (--verbose lists them all)');
    expect(short.endsWith('  nothing written or deleted (dry run)')).toBe(true);
    expect(formatCompaction(summary, 'here', true)).not.toContain('more (--verbose');
  });

  it('says when there is nothing to do, and what it left alone', () => {
    expect(formatCompaction(day({ partitions: [], writes: 0, deletes: 0 }), 'here', false)).toContain(
      '  no tick objects of this topic on that day',
    );
    const done = formatCompaction(
      day({
        partitions: [partition({ action: 'unchanged', wrote: false, deleted: [] })],
        ignored: [`${DAY}ticks-notes.txt`],
        seal: {
          key: 'seals/dt=2026-12-01/ticks.json',
          state: 'unchanged',
          content: {} as never,
          audit: { state: 'clean', partitions: [] },
        },
        writes: 0,
        deletes: 0,
      }),
      'here',
      false,
    );
    expect(done).toContain('already compacted: nothing to do');
    expect(done).toContain(`left alone (not a tick object the sink writes): ${DAY}ticks-notes.txt`);
    expect(done).toContain('unchanged (it already says what the day holds)');
    expect(done).toContain('0 objects written, 0 deleted');
  });

  it('says why a day was not sealed, and when it was compacted without an audit', () => {
    const key = 'seals/dt=2026-12-01/ticks.json';
    const withheld = formatCompaction(
      day({
        seal: {
          key,
          state: 'withheld',
          audit: { state: 'behind', partitions: [] },
          reasons: [
            'partition 0: the sink has committed 400, 160 record(s) of the day (up to offset 559) not read yet',
          ],
        },
      }),
      'here',
      false,
    );
    expect(withheld.split('\n')).toEqual(
      expect.arrayContaining([
        `  seal ${key}: not written: the audit against Kafka is not clean`,
        '    partition 0: the sink has committed 400, 160 record(s) of the day (up to offset 559) not read yet',
      ]),
    );
    expect(withheld).not.toContain('audit against Kafka:');
    expect(formatCompaction(day({ seal: { key, state: 'unaudited' } }), 'here', false)).toContain(
      `  seal ${key}: not written: compacted without an audit (--no-seal)`,
    );
  });
});
