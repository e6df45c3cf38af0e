import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYMBOLS,
  MARKETS,
  syntheticPrice,
  syntheticTicks,
  type TickWindow,
  windowEndingAt,
} from '../../../shared/sources';
import { type Tick, validateTick } from '../../../shared/tick';
import { FIXED_NOW_MS, TEST_WINDOW } from '../../support/builders';

// Scheduled times (whole seconds, as EventBridge gives them) from 2000 to the fixed "now".
const scheduledMs = fc
  .integer({ min: Date.parse('2000-01-02T00:00:00Z') / 1000, max: FIXED_NOW_MS / 1000 })
  .map((s) => s * 1000);
const ticksPerSecond = fc.oneof(fc.constantFrom(1, 3, 7, 10, 1000), fc.integer({ min: 1, max: 50 }));
const symbolSet = fc.subarray([...DEFAULT_SYMBOLS, 'UNKNOWN'], { minLength: 1, maxLength: 4 });

const ms = (t: Tick) => Date.parse(t.event_time);
function bySymbol(ticks: readonly Tick[]): Tick[][] {
  const series = new Map<string, Tick[]>();
  for (const t of ticks) {
    const list = series.get(t.symbol) ?? [];
    list.push(t);
    series.set(t.symbol, list);
  }
  return [...series.values()];
}

describe('syntheticTicks', () => {
  it('gives one tick per symbol per slot, each slot ending at its event time', () => {
    // Prepare
    const window = windowEndingAt(Date.parse('2025-07-01T00:01:00.000Z'), 60, 2);

    // Act
    const ticks = syntheticTicks(window, ['NYA', 'N225']);

    // Assess
    expect(ticks).toHaveLength(60 * 2 * 2);
    expect(ticks[0]?.event_time).toBe('2025-07-01T00:00:00.500Z');
    expect(ticks.at(-1)?.event_time).toBe('2025-07-01T00:01:00.000Z');
    expect(ticks.slice(0, 2).map((t) => t.symbol)).toEqual(['NYA', 'N225']);
  });

  it('gives the same ticks and ids for the same window', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, symbolSet, (at, tps, symbols) => {
        // Prepare
        const window = windowEndingAt(at, 1, tps);

        // Act
        const first = syntheticTicks(window, symbols);
        const second = syntheticTicks({ ...window }, [...symbols]);

        // Assess
        expect(second).toEqual(first);
        expect(new Set(first.map((t) => t.tick_id)).size).toBe(first.length);
      }),
      { numRuns: 50 },
    );
  });

  it('tiles time across consecutive windows: every event time in (start, end], none twice, none missing', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, fc.integer({ min: 1, max: 3 }), (at, tps, intervalSeconds) => {
        // Prepare
        const first = windowEndingAt(at, intervalSeconds, tps);
        const second = windowEndingAt(at + intervalSeconds * 1000, intervalSeconds, tps);

        // Act
        const a = syntheticTicks(first, ['NYA']);
        const b = syntheticTicks(second, ['NYA']);

        // Assess
        expect(second.startMs).toBe(first.endMs);
        expect(a).toHaveLength(intervalSeconds * tps);
        expect(b).toHaveLength(intervalSeconds * tps);
        expect(a.every((t) => ms(t) > first.startMs && ms(t) <= first.endMs)).toBe(true);
        expect(b.every((t) => ms(t) > second.startMs && ms(t) <= second.endMs)).toBe(true);
        const times = [...a, ...b].map(ms);
        expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
        expect(times.at(-1)).toBe(second.endMs);
        // Slots are 1000/tps ms apart (rounded to the millisecond): no gap, no overlap.
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        expect(gaps.every((g) => Math.abs(g - 1000 / tps) <= 1)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('continues prices: each tick opens where the previous one of its symbol closed, across windows', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, symbolSet, (at, tps, symbols) => {
        // Prepare
        const windows = [windowEndingAt(at, 1, tps), windowEndingAt(at + 1000, 1, tps)];

        // Act
        const ticks = windows.flatMap((w) => syntheticTicks(w, symbols));

        // Assess: both are rounded to 4 decimals, and a slot of 1000/tps ms may land half a ms
        // off the millisecond grid, which moves the price by far less than a millionth.
        const jumps = bySymbol(ticks).flatMap((series) =>
          series
            .slice(1)
            .map((current, i) => ({ previous: series[i]!, current }))
            .filter(
              ({ previous, current }) =>
                Math.abs(current.open - previous.close) > 1e-4 + Math.abs(previous.close) * 1e-6,
            ),
        );
        expect(jumps).toEqual([]);
        expect(bySymbol(ticks).every((series) => series.length === 2 * tps)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps high >= max(open, close) and low <= min(open, close), and every tick valid', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, symbolSet, (at, tps, symbols) => {
        // Act
        const ticks = syntheticTicks(windowEndingAt(at, 1, tps), symbols);

        // Assess
        expect(ticks.filter((t) => t.high < Math.max(t.open, t.close))).toEqual([]);
        expect(ticks.filter((t) => t.low > Math.min(t.open, t.close))).toEqual([]);
        expect(ticks.map((t) => validateTick(t, TEST_WINDOW)).filter((r) => !r.ok)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('fills market data for known symbols and leaves it null for unknown ones', () => {
    // Prepare
    const window = windowEndingAt(Date.parse('2025-07-01T00:00:01.000Z'), 1, 1);

    // Act
    const [hsi, unknown] = syntheticTicks(window, ['HSI', 'ZZZ']);

    // Assess
    expect(hsi).toMatchObject({
      symbol: 'HSI',
      currency: 'HKD',
      exchange: MARKETS.HSI!.exchange,
      source: 'synthetic',
      trade_date: null,
      adj_close: hsi!.close,
    });
    expect(hsi!.close_usd).toBeCloseTo(hsi!.close * MARKETS.HSI!.usdPerUnit, 3);
    expect(unknown).toMatchObject({ symbol: 'ZZZ', currency: null, exchange: null, close_usd: null });
    expect(Number.isSafeInteger(hsi!.volume)).toBe(true);
  });

  it('gives different ids to different symbols at the same time', () => {
    const window = windowEndingAt(Date.parse('2025-07-01T00:00:01.000Z'), 1, 1);
    const ids = syntheticTicks(window, DEFAULT_SYMBOLS).map((t) => t.tick_id);
    expect(new Set(ids).size).toBe(DEFAULT_SYMBOLS.length);
  });

  it('gives no ticks for an empty window', () => {
    const empty: TickWindow = { startMs: FIXED_NOW_MS, endMs: FIXED_NOW_MS, ticksPerSecond: 5 };
    expect(syntheticTicks(empty, ['NYA'])).toEqual([]);
  });
});

describe('syntheticPrice', () => {
  it('stays within a plausible band of the market base price over years', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_SYMBOLS), scheduledMs, (symbol, at) => {
        // Act
        const price = syntheticPrice(symbol, at);

        // Assess: the octave amplitudes sum to about 0.1 in log space.
        const base = MARKETS[symbol]!.basePrice;
        expect(price).toBeGreaterThan(base * Math.exp(-0.11));
        expect(price).toBeLessThan(base * Math.exp(0.11));
      }),
      { numRuns: 200 },
    );
  });

  it('moves little within a second', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_SYMBOLS), scheduledMs, (symbol, at) => {
        const a = syntheticPrice(symbol, at);
        const b = syntheticPrice(symbol, at + 1000);
        expect(Math.abs(b - a) / a).toBeLessThan(0.001);
      }),
      { numRuns: 200 },
    );
  });
});
