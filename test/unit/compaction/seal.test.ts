import { describe, expect, it } from 'vitest';
import type { DayAudit } from '../../../shared/audit';
import { parseSeal, type Seal, SealFormatError, sealKey } from '../../../shared/compaction';
import { buildSeal } from '../../../shared/compaction/day';
import type { PartitionOutcome } from '../../../shared/compaction/partition';
import { parseSealKey, sameSealContent, serializeSeal } from '../../../shared/compaction/seal';

/** A clean audit in which partitions 0 and 1 logged records that day and partition 2 none. */
const AUDIT: DayAudit = {
  state: 'clean',
  partitions: [
    { partition: 0, from: 0, to: 30, committed: 40, missing: 0, gaps: [], pending: 0 },
    { partition: 1, from: 90, to: 120, committed: 120, missing: 0, gaps: [], pending: 0 },
    { partition: 2, from: 7, to: 7, committed: 7, missing: 0, gaps: [], pending: 0 },
  ],
};

const outcome = (partition: number, rows: number, first: number): PartitionOutcome => ({
  partition,
  action: 'compacted',
  inputs: [],
  output: {
    key: `ticks/dt=2025-07-01/ticks-${partition}.compacted.parquet`,
    bytes: rows * 40,
    sha256: 'a'.repeat(64),
    rows,
  },
  firstOffset: first,
  lastOffset: first + rows + 1,
  offsets: rows,
  copiesDropped: 3,
  tickIdRepeats: partition,
  wrote: true,
  deleted: [],
});

const NOW = new Date('2025-07-02T00:15:00.000Z');

describe('buildSeal', () => {
  it('lists each partition’s offsets, rows, repeats and quarantined records, and each file', () => {
    // Act
    const seal = buildSeal(
      '2025-07-01',
      'ticks',
      [outcome(1, 10, 100), outcome(0, 20, 0)],
      new Map([
        [0, 2],
        [2, 1],
      ]),
      AUDIT,
      NOW,
    );

    // Assess
    expect(seal).toEqual({
      version: 2,
      dt: '2025-07-01',
      topic: 'ticks',
      partitions: [
        {
          partition: 0,
          firstOffset: 0,
          lastOffset: 21,
          rows: 20,
          offsets: 20,
          tickIdRepeats: 0,
          quarantined: 2,
          logFrom: 0,
          logTo: 30,
        },
        {
          partition: 1,
          firstOffset: 100,
          lastOffset: 111,
          rows: 10,
          offsets: 10,
          tickIdRepeats: 1,
          quarantined: 0,
          logFrom: 90,
          logTo: 120,
        },
        // Only quarantined records that day, none logged by timestamp: no offsets, no log range
        {
          partition: 2,
          firstOffset: null,
          lastOffset: null,
          rows: 0,
          offsets: 0,
          tickIdRepeats: 0,
          quarantined: 1,
          logFrom: null,
          logTo: null,
        },
      ],
      files: [
        {
          key: 'ticks/dt=2025-07-01/ticks-0.compacted.parquet',
          bytes: 800,
          sha256: 'a'.repeat(64),
          rows: 20,
        },
        {
          key: 'ticks/dt=2025-07-01/ticks-1.compacted.parquet',
          bytes: 400,
          sha256: 'a'.repeat(64),
          rows: 10,
        },
      ],
      sealedAt: '2025-07-02T00:15:00.000Z',
    });
  });
});

describe('the stored seal', () => {
  const seal = buildSeal('2025-07-01', 'ticks', [outcome(0, 20, 0)], new Map(), AUDIT, NOW);

  it('is one line of JSON that reads back as the same seal', () => {
    // Act
    const bytes = serializeSeal(seal);

    // Assess
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd()).not.toContain('\n');
    expect(parseSeal(bytes, 'k')).toEqual(seal);
  });

  it('writes its fields in one order whatever order they were built in', () => {
    // Prepare
    const shuffled = Object.fromEntries(Object.entries(seal).reverse()) as Seal;

    // Act, Assess
    expect(Buffer.from(serializeSeal(shuffled)).equals(Buffer.from(serializeSeal(seal)))).toBe(true);
  });

  it.each([
    ['not JSON', '{"version":', /is not JSON/],
    ['another version', JSON.stringify({ ...seal, version: 1 }), /not a version 2 seal/],
    ['an unknown field', JSON.stringify({ ...seal, extra: 1 }), /not a version 2 seal/],
    [
      'a bad checksum',
      JSON.stringify({ ...seal, files: [{ ...seal.files[0], sha256: 'xyz' }] }),
      /files\/0\/sha256/,
    ],
  ])('refuses %s, naming the key', (_, text, message) => {
    const parse = () => parseSeal(new TextEncoder().encode(text), 'seals/dt=2025-07-01/ticks.json');

    expect(parse).toThrow(SealFormatError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/seals\/dt=2025-07-01\/ticks\.json/);
  });

  it('has the same content as another seal of the same day written later, and not after a change', () => {
    // Prepare
    const later = { ...seal, sealedAt: '2025-07-03T00:00:00.000Z' };
    const changed = { ...seal, partitions: [{ ...seal.partitions[0]!, quarantined: 5 }] };

    // Act, Assess
    expect(sameSealContent(seal, later)).toBe(true);
    expect(sameSealContent(seal, changed)).toBe(false);
  });
});

describe('sealKey and parseSealKey', () => {
  it('puts a seal under its day, named by its topic, and reads that back', () => {
    // Act
    const key = sealKey('seals/', '2025-07-01', 'ticks.v2');

    // Assess
    expect(key).toBe('seals/dt=2025-07-01/ticks.v2.json');
    expect(parseSealKey('seals/', key)).toEqual({ dt: '2025-07-01', topic: 'ticks.v2' });
  });

  it.each([
    'ticks/dt=2025-07-01/ticks.json',
    'seals/dt=2025-07-01/x/ticks.json',
    'seals/dt=2025-07-01/ticks.txt',
  ])('reads no seal from %s', (key) => {
    expect(parseSealKey('seals/', key)).toBeUndefined();
  });
});
