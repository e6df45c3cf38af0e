import type { TickPublisher } from '../kafka';
import { type ReplayRow, replayTicks, syntheticTicks, type TickWindow, windowEndingAt } from '../sources';
import type { Tick } from '../tick';
import type { ProducerConfig } from './config';

export interface ProduceSummary {
  readonly source: string;
  readonly topic: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly ticks: number;
  readonly batches: number;
  readonly symbols: number;
  readonly durationMs: number;
}

export interface ProducerDeps {
  readonly publisher: TickPublisher;
  /** Loads replay rows (cached by the caller); only called for the replay source. */
  readonly replayRows: () => Promise<readonly ReplayRow[]>;
  readonly now?: () => number;
}

/**
 * One scheduled run: the ticks of the interval ending at the scheduled time, published in
 * batches. The same scheduled time always yields the same ticks, so a retry repeats, not adds.
 */
export async function produceTicks(
  config: ProducerConfig,
  deps: ProducerDeps,
  scheduledMs: number,
): Promise<ProduceSummary> {
  const now = deps.now ?? Date.now;
  const started = now();
  const window = windowEndingAt(scheduledMs, config.intervalSeconds, config.ticksPerSecond);
  const ticks = await ticksFor(config, deps, window);
  const { batches } = await deps.publisher.publish(ticks);
  return {
    source: config.source,
    topic: config.topic,
    windowStart: new Date(window.startMs).toISOString(),
    windowEnd: new Date(window.endMs).toISOString(),
    ticks: ticks.length,
    batches,
    symbols: new Set(ticks.map((t) => t.symbol)).size,
    durationMs: now() - started,
  };
}

async function ticksFor(config: ProducerConfig, deps: ProducerDeps, window: TickWindow): Promise<Tick[]> {
  if (config.source === 'replay') return replayTicks(window, await deps.replayRows(), config.replayOrder);
  return syntheticTicks(window, config.symbols);
}
