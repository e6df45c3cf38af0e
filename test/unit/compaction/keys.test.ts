import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ObjectCoordinates, objectKey, parseObjectKey } from '../../../shared/sink';
import { kafkaTopic } from '../../support/arbitraries';

const compacted: fc.Arbitrary<ObjectCoordinates> = fc
  .record({
    dt: fc.constantFrom('2025-07-01', '2000-01-01'),
    topic: kafkaTopic,
    partition: fc.nat(),
    a: fc.maxSafeNat(),
    b: fc.maxSafeNat(),
  })
  .map(({ a, b, ...rest }) => ({
    ...rest,
    firstOffset: Math.min(a, b),
    lastOffset: Math.max(a, b),
    compacted: true as const,
  }));

describe('the compacted file name', () => {
  it('is the batch name with a .compacted marker before .parquet', () => {
    // Act
    const key = objectKey(
      'ticks/',
      { dt: '2025-07-01', topic: 'ticks', partition: 2, firstOffset: 7, lastOffset: 1041, compacted: true },
      'ticks',
    );

    // Assess
    expect(key).toBe('ticks/dt=2025-07-01/ticks-2-0000000000000000007-0000000000000001041.compacted.parquet');
  });

  it('reads back as a tick object that says it is compacted, for any coordinates', () => {
    fc.assert(
      fc.property(compacted, (c) => {
        expect(parseObjectKey('ticks/', objectKey('ticks/', c, 'ticks'), 'ticks')).toEqual(c);
      }),
      { numRuns: 200 },
    );
  });

  it('is not taken for a quarantine object, and a batch object does not say it is compacted', () => {
    // Prepare
    const c = { dt: '2025-07-01', topic: 'ticks.compacted', partition: 0, firstOffset: 1, lastOffset: 2 };

    // Act
    const batch = parseObjectKey('ticks/', objectKey('ticks/', c, 'ticks'), 'ticks');
    const asQuarantine = parseObjectKey(
      'ticks/',
      objectKey('ticks/', { ...c, compacted: true }, 'ticks'),
      'quarantine',
    );

    // Assess
    expect(batch).toEqual(c);
    expect(batch).not.toHaveProperty('compacted');
    expect(asQuarantine).toBeUndefined();
  });

  it('is never built for quarantine objects', () => {
    const c = {
      dt: '2025-07-01',
      topic: 't',
      partition: 0,
      firstOffset: 1,
      lastOffset: 2,
      compacted: true as const,
    };

    expect(() => objectKey('quarantine/', c, 'quarantine')).toThrow(/only tick objects are compacted/);
  });
});
