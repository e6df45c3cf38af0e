import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MARKETS,
  parseReplayCsv,
  type ReplayRow,
  replayTicks,
  windowEndingAt,
} from '../../../shared/sources';
import { validateTick } from '../../../shared/tick';
import { FIXED_NOW_MS, TEST_WINDOW } from '../../support/builders';

const HEADER = 'Index,Date,Open,High,Low,Close,Adj Close,Volume,CloseUSD';

/** N rows whose open price is their index + 1, so a tick tells which row it replays. */
function numberedRows(n: number): ReplayRow[] {
  const symbols = ['HSI', 'NYA', 'N225', 'ZZZ'];
  const lines = Array.from({ length: n }, (_, i) => {
    const open = i + 1;
    return `${symbols[i % symbols.length]},2020-01-${String((i % 28) + 1).padStart(2, '0')},${open},${open + 1},${open / 2},${open},${open},${i * 10},${open / 3}`;
  });
  return parseReplayCsv([HEADER, ...lines].join('\n'));
}

const rowIndex = (open: number) => open - 1;
const scheduledMs = fc
  .integer({ min: Date.parse('2001-01-01T00:00:00Z') / 1000, max: FIXED_NOW_MS / 1000 })
  .map((s) => s * 1000);
const ticksPerSecond = fc.oneof(fc.constantFrom(1, 3, 7, 1000), fc.integer({ min: 1, max: 50 }));

describe('replayTicks', () => {
  const rows = numberedRows(97);

  it('stamps each row with its slot time and keeps its own date as trade_date', () => {
    // Prepare
    const window = windowEndingAt(Date.parse('2025-07-01T00:00:02.000Z'), 2, 1);

    // Act
    const ticks = replayTicks(window, rows, 'sequential');

    // Assess
    expect(ticks.map((t) => t.event_time)).toEqual(['2025-07-01T00:00:01.000Z', '2025-07-01T00:00:02.000Z']);
    const row = rows[rowIndex(ticks[0]!.open)]!;
    expect(ticks[0]).toMatchObject({
      symbol: row.symbol,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      adj_close: row.adjClose,
      volume: row.volume,
      close_usd: row.closeUsd,
      trade_date: row.date,
      source: 'replay',
    });
  });

  it('fills currency and exchange for known symbols and leaves them null for others', () => {
    // Act
    const ticks = replayTicks(windowEndingAt(FIXED_NOW_MS, 4, 1), numberedRows(4), 'sequential');

    // Assess
    const hsi = ticks.find((t) => t.symbol === 'HSI');
    const zzz = ticks.find((t) => t.symbol === 'ZZZ');
    expect(hsi).toMatchObject({ currency: 'HKD', exchange: MARKETS.HSI!.exchange });
    expect(zzz).toMatchObject({ currency: null, exchange: null });
  });

  it.each(['random', 'sequential'] as const)(
    '%s: gives the same ticks and ids for the same window',
    (order) => {
      fc.assert(
        fc.property(scheduledMs, ticksPerSecond, (at, tps) => {
          // Prepare
          const window = windowEndingAt(at, 1, tps);

          // Act
          const first = replayTicks(window, rows, order);
          const again = replayTicks({ ...window }, [...rows], order);

          // Assess
          expect(again).toEqual(first);
          expect(first).toHaveLength(tps);
          expect(new Set(first.map((t) => t.tick_id)).size).toBe(first.length);
        }),
        { numRuns: 40 },
      );
    },
  );

  it('random: picks rows from all over the file, not a fixed few', () => {
    // Act
    const ticks = replayTicks(windowEndingAt(FIXED_NOW_MS, 60, 10), rows, 'random');

    // Assess
    const picked = new Set(ticks.map((t) => rowIndex(t.open)));
    expect(picked.size).toBeGreaterThan(rows.length * 0.8);
  });

  it('sequential: continues across consecutive windows, wrapping at the end of the file', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, fc.integer({ min: 1, max: 3 }), (at, tps, interval) => {
        // Prepare
        const windows = [0, 1, 2].map((k) => windowEndingAt(at + k * interval * 1000, interval, tps));

        // Act
        const indexes = windows
          .flatMap((w) => replayTicks(w, rows, 'sequential'))
          .map((t) => rowIndex(t.open));

        // Assess
        const skips = indexes.slice(1).filter((index, i) => index !== (indexes[i]! + 1) % rows.length);
        expect(skips).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('tiles event times across consecutive windows as the synthetic source does', () => {
    fc.assert(
      fc.property(scheduledMs, ticksPerSecond, (at, tps) => {
        const a = replayTicks(windowEndingAt(at, 1, tps), rows, 'random');
        const b = replayTicks(windowEndingAt(at + 1000, 1, tps), rows, 'random');
        const times = [...a, ...b].map((t) => Date.parse(t.event_time));
        expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
        expect(times[0]).toBeGreaterThan(at - 1000);
        expect(times.at(-1)).toBe(at + 1000);
      }),
      { numRuns: 40 },
    );
  });

  it('gives ticks that pass validateTick, and distinct ids to two rows replayed at the same time', () => {
    // Prepare
    const window = windowEndingAt(FIXED_NOW_MS, 1, 1);
    const twins = numberedRows(2).map((r) => ({ ...r, symbol: 'HSI' }));

    // Act
    const [first] = replayTicks(window, [twins[0]!], 'sequential');
    const [second] = replayTicks(window, [twins[1]!], 'sequential');

    // Assess
    expect(validateTick(first, TEST_WINDOW)).toEqual({ ok: true, tick: first });
    expect(first!.tick_id).not.toBe(second!.tick_id);
  });
});
