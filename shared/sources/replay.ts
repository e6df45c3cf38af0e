import type { ReplayOrder } from '../rules/ticks';
import { type Tick, tickId } from '../tick';
import { MARKETS } from './markets';
import { unit } from './noise';
import type { ReplayRow } from './replay-csv';
import type { TickWindow } from './window';

export { REPLAY_ORDERS, type ReplayOrder } from '../rules/ticks';

/**
 * Replays CSV rows as live ticks, `ticksPerSecond` rows per second of the window, each stamped
 * with its slot's time (the row's own date is kept as trade_date).
 *
 * `random` picks rows as the tutorial did, but seeded by the slot time so a retried invocation
 * picks the same rows; `sequential` walks the file in order, positioned by the slot time so
 * consecutive invocations continue where the last one stopped, with no stored cursor.
 */
export function replayTicks(window: TickWindow, rows: readonly ReplayRow[], order: ReplayOrder): Tick[] {
  const stepMs = 1000 / window.ticksPerSecond;
  const ticks: Tick[] = [];
  for (let slot = 0; window.startMs + slot * stepMs < window.endMs; slot++) {
    const atMs = Math.round(window.startMs + (slot + 1) * stepMs);
    const slotNumber = Math.round(atMs / stepMs);
    const index =
      order === 'random'
        ? Math.floor(unit(slotNumber >>> 0, Math.floor(slotNumber / 4_294_967_296), 0x5eed) * rows.length)
        : slotNumber % rows.length;
    ticks.push(toTick(rows[index]!, atMs));
  }
  return ticks;
}

function toTick(row: ReplayRow, atMs: number): Tick {
  const market = MARKETS[row.symbol];
  const eventTime = new Date(atMs).toISOString();
  return {
    tick_id: tickId(['replay', row.symbol, eventTime, String(row.line)]),
    symbol: row.symbol,
    event_time: eventTime,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    adj_close: row.adjClose,
    volume: row.volume,
    close_usd: row.closeUsd,
    currency: market?.currency ?? null,
    exchange: market?.exchange ?? null,
    trade_date: row.date,
    source: 'replay',
  };
}
