import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ObjectCoordinates, type ObjectKind, objectKey, parseObjectKey } from '../../../shared/sink';
import { kafkaTopic } from '../../support/arbitraries';

const dt = fc.oneof(
  fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constant('unknown'),
);
const coordinates: fc.Arbitrary<ObjectCoordinates> = fc
  .record({ dt, topic: kafkaTopic, partition: fc.nat(), a: fc.maxSafeNat(), b: fc.maxSafeNat() })
  .map(({ a, b, ...rest }) => ({ ...rest, firstOffset: Math.min(a, b), lastOffset: Math.max(a, b) }));
const prefix = fc.constantFrom('ticks/', 'quarantine/', 'data/ticks/', '');
const kind = fc.constantFrom<ObjectKind>('ticks', 'quarantine');

describe('objectKey', () => {
  it.each<[ObjectKind, string]>([
    ['ticks', 'ticks/dt=2025-07-01/ticks-3-0000000000000000040-0000000000000001041.parquet'],
    ['quarantine', 'ticks/dt=2025-07-01/ticks-3-0000000000000000040-0000000000000001041.json.gz'],
  ])('names the date partition, the topic, the partition and zero-padded offsets (%s)', (k, expected) => {
    // Act
    const key = objectKey(
      'ticks/',
      { dt: '2025-07-01', topic: 'ticks', partition: 3, firstOffset: 40, lastOffset: 1041 },
      k,
    );

    // Assess
    expect(key).toBe(expected);
  });

  it('pads the largest safe offset without truncating it', () => {
    const key = objectKey(
      'ticks/',
      {
        dt: '2025-07-01',
        topic: 't',
        partition: 0,
        firstOffset: 0,
        lastOffset: Number.MAX_SAFE_INTEGER,
      },
      'ticks',
    );
    expect(key).toBe('ticks/dt=2025-07-01/t-0-0000000000000000000-0009007199254740991.parquet');
  });

  it('stays under its prefix with no "." or ".." path segment, whatever the topic', () => {
    fc.assert(
      fc.property(prefix, coordinates, kind, (p, c, k) => {
        // Act
        const key = objectKey(p, c, k);

        // Assess
        expect(key.startsWith(p)).toBe(true);
        const segments = key.slice(p.length).split('/');
        expect(segments).toHaveLength(2);
        expect(segments[0]).toBe(`dt=${c.dt}`);
        expect(segments.every((s) => s !== '.' && s !== '..' && s.length > 0)).toBe(true);
        // '..' can only come from a topic name that has it (Kafka allows `a..b`), never elsewhere.
        if (!c.topic.includes('..')) expect(key.slice(p.length)).not.toContain('..');
      }),
      { numRuns: 300 },
    );
  });

  it('sorts the objects of a partition in offset order', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        const key = (offset: number) =>
          objectKey(
            'ticks/',
            {
              dt: '2025-07-01',
              topic: 'ticks',
              partition: 0,
              firstOffset: offset,
              lastOffset: offset,
            },
            'ticks',
          );
        expect(key(a) < key(b)).toBe(a < b);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseObjectKey', () => {
  it('reads back the coordinates of any key objectKey makes', () => {
    fc.assert(
      fc.property(prefix, coordinates, kind, (p, c, k) => {
        expect(parseObjectKey(p, objectKey(p, c, k), k)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it('reads topics that end in what looks like a partition', () => {
    // Prepare
    const c = {
      dt: '2025-07-01',
      topic: 'ticks-7-0000000000000000001',
      partition: 2,
      firstOffset: 5,
      lastOffset: 9,
    };

    // Act, Assess
    expect(parseObjectKey('ticks/', objectKey('ticks/', c, 'ticks'), 'ticks')).toEqual(c);
  });

  it.each([
    ['another prefix', 'quarantine/dt=2025-07-01/ticks-0-0000000000000000001-0000000000000000002.parquet'],
    ['no dt', 'ticks/ticks-0-0000000000000000001-0000000000000000002.parquet'],
    ['a short date', 'ticks/dt=2025-7-1/ticks-0-0000000000000000001-0000000000000000002.parquet'],
    ['unpadded offsets', 'ticks/dt=2025-07-01/ticks-0-1-2.parquet'],
    ['a missing partition', 'ticks/dt=2025-07-01/ticks-0000000000000000001-0000000000000000002.parquet'],
    ['another extension', 'ticks/dt=2025-07-01/ticks-0-0000000000000000001-0000000000000000002.json'],
    [
      "the other kind's extension",
      'ticks/dt=2025-07-01/ticks-0-0000000000000000001-0000000000000000002.json.gz',
    ],
    ['a nested path', 'ticks/dt=2025-07-01/x/ticks-0-0000000000000000001-0000000000000000002.parquet'],
    ['a traversal', 'ticks/dt=2025-07-01/../ticks-0-0000000000000000001-0000000000000000002.parquet'],
    ['a folder marker', 'ticks/dt=2025-07-01/'],
  ])('ignores a key with %s', (_, key) => {
    expect(parseObjectKey('ticks/', key, 'ticks')).toBeUndefined();
  });
});
