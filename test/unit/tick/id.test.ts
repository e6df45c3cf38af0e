import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tickId } from '../../../shared/tick';

const part = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u001f'));

describe('tickId', () => {
  it('is 32 lowercase hex characters and the same for the same parts', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        // Act
        const id = tickId(parts);

        // Assess
        expect(id).toMatch(/^[0-9a-f]{32}$/);
        expect(tickId([...parts])).toBe(id);
      }),
      { numRuns: 100 },
    );
  });

  // Callers always pass lists of one fixed length per source ([source, symbol, time(, line)]).
  it('differs for different part lists of the same length, including ones that join to the same text', () => {
    const samePairLength = fc
      .integer({ min: 1, max: 4 })
      .chain((n) =>
        fc.tuple(
          fc.array(part, { minLength: n, maxLength: n }),
          fc.array(part, { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(samePairLength, ([a, b]) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(tickId(a)).not.toBe(tickId(b));
      }),
      { numRuns: 200 },
    );
    expect(tickId(['a', 'bc'])).not.toBe(tickId(['ab', 'c']));
    expect(tickId(['synthetic', 'NYA', '2025-07-01T00:00:01.000Z'])).not.toBe(
      tickId(['replay', 'NYA', '2025-07-01T00:00:01.000Z']),
    );
  });
});
