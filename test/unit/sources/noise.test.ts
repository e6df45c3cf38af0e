import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash3, seedOf, unit, valueNoise } from '../../../shared/sources/noise';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 });

describe('noise', () => {
  it('hash3 is a deterministic unsigned 32-bit integer and unit lies in [0, 1)', () => {
    fc.assert(
      fc.property(int32, int32, int32, (a, b, c) => {
        const h = hash3(a, b, c);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
        expect(hash3(a, b, c)).toBe(h);
        const u = unit(a, b, c);
        expect(u >= 0 && u < 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('seedOf is stable and tells the tutorial symbols apart', () => {
    // Prepare
    const symbols = ['NYA', 'IXIC', 'HSI', '000001.SS', 'GSPTSE', '399001.SZ', 'NSEI', 'GDAXI', 'N225'];

    // Act
    const seeds = symbols.map(seedOf);

    // Assess
    expect(new Set(seeds).size).toBe(symbols.length);
    expect(symbols.map(seedOf)).toEqual(seeds);
    expect(seedOf('')).toBe(0x811c9dc5);
  });

  it('valueNoise lies in [-1, 1], equals the lattice values at integers and is continuous between them', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        (seed, octave, x) => {
          // Act
          const y = valueNoise(seed, octave, x);
          const near = valueNoise(seed, octave, x + 1e-6);

          // Assess
          expect(Math.abs(y)).toBeLessThanOrEqual(1);
          expect(Math.abs(near - y)).toBeLessThan(1e-4);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('valueNoise varies far from the epoch (the lattice index keeps its high bits)', () => {
    // Prepare: seconds around 2025 over a 5 s period are ~3.5e8 lattice units; ×1e3 for ms checks 2^32+.
    const xs = [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 33 + 7].map((x) => x + 0.5);

    // Act
    const values = xs.map((x) => valueNoise(seedOf('NYA'), 0, x));

    // Assess
    expect(new Set(values).size).toBe(values.length);
  });
});
