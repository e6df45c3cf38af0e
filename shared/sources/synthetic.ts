import { type Tick, tickId } from '../tick';
import { MARKETS } from './markets';
import { seedOf, unit, valueNoise } from './noise';
import type { TickWindow } from './window';

// Octaves of the log-price: (period in seconds, amplitude). Slow drifts plus intraday wiggle give
// prices that look like an index without any state carried between invocations.
const OCTAVES: readonly (readonly [number, number])[] = [
  [30 * 86_400, 0.08],
  [86_400, 0.015],
  [3_600, 0.004],
  [300, 0.0015],
  [30, 0.0005],
  [5, 0.0002],
];
const UNKNOWN_SYMBOL_BASE_PRICE = 100;

/** The synthetic price of a symbol at a time (epoch ms): deterministic and continuous. */
export function syntheticPrice(symbol: string, atMs: number): number {
  const seed = seedOf(symbol);
  const base = MARKETS[symbol]?.basePrice ?? UNKNOWN_SYMBOL_BASE_PRICE;
  const seconds = atMs / 1000;
  let logOffset = 0;
  for (let k = 0; k < OCTAVES.length; k++) {
    const [period, amplitude] = OCTAVES[k]!;
    logOffset += amplitude * valueNoise(seed, k, seconds / period);
  }
  return base * Math.exp(logOffset);
}

/**
 * Ticks for every symbol over a window: one per symbol per slot, each covering the slot before
 * its event time (open = price at the slot's start, close = price at its end). The same window
 * always yields the same ticks and ids, so a retried invocation repeats itself exactly.
 *
 * @example syntheticTicks({ startMs, endMs: startMs + 60_000, ticksPerSecond: 1 }, ['NYA']) // 60 ticks
 */
export function syntheticTicks(window: TickWindow, symbols: readonly string[]): Tick[] {
  const stepMs = 1000 / window.ticksPerSecond;
  const ticks: Tick[] = [];
  for (let slot = 0; window.startMs + slot * stepMs < window.endMs; slot++) {
    const atMs = Math.round(window.startMs + (slot + 1) * stepMs);
    for (const symbol of symbols) ticks.push(syntheticTick(symbol, atMs, stepMs));
  }
  return ticks;
}

function syntheticTick(symbol: string, atMs: number, stepMs: number): Tick {
  const market = MARKETS[symbol];
  const seed = seedOf(symbol);
  const open = syntheticPrice(symbol, atMs - stepMs);
  const close = syntheticPrice(symbol, atMs);
  const wick = 1 + 0.0002 * unit(seed, 7, Math.floor(atMs / 1000));
  const eventTime = new Date(atMs).toISOString();
  return {
    tick_id: tickId(['synthetic', symbol, eventTime]),
    symbol,
    event_time: eventTime,
    open: round(open),
    high: round(Math.max(open, close) * wick),
    low: round(Math.min(open, close) / wick),
    close: round(close),
    adj_close: round(close),
    volume: Math.floor(1_000 + 49_000 * unit(seed, 11, Math.floor(atMs / 1000))),
    close_usd: market ? round(close * market.usdPerUnit) : null,
    currency: market?.currency ?? null,
    exchange: market?.exchange ?? null,
    trade_date: null,
    source: 'synthetic',
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
