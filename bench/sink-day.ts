/**
 * A UTC day of tick objects as the sink would have written them, for the compaction benchmarks:
 * the synthetic source's ticks, cut into the producer's batches, planned and encoded with the
 * sink's own planner and writer, and put in the local S3.
 */
import { Partitioners } from 'kafkajs';
import type { CompactionStore } from '../shared/compaction';
import type { DecodedRecord } from '../shared/esm';
import { encodeObject, planObjects, type SinkPrefixes } from '../shared/sink';
import { DEFAULT_SYMBOLS, syntheticTicks } from '../shared/sources';

const HOUR_MS = 3_600_000;
const PUTS_IN_FLIGHT = 16;

/** The topic's partitions (serverless.yml: topicPartitions). */
export const PARTITIONS = 3;
export const TOPIC = 'ticks';
/** Ticks of a day at the default rate: 14 symbols x 1 tick/s x 86,400 s. */
export const TICKS_A_DAY = DEFAULT_SYMBOLS.length * 86_400;

/** Which symbols a day holds, in which partition each lands, and how the producer cuts batches. */
export interface DayLayout {
  readonly symbols: readonly string[];
  readonly partitionOf: (symbol: string) => number;
  /** Fraction of the default rate of one tick per symbol per second. */
  readonly scale: number;
  /** Ticks per producer run; the sink writes each run as one object per partition. */
  readonly batch: number;
}

/**
 * The model's assignment: the i-th default symbol in partition i mod 3 (5, 5 and 4 symbols),
 * spreading the day almost evenly.
 */
export function modelPartitionOf(symbol: string): number {
  const i = DEFAULT_SYMBOLS.indexOf(symbol);
  if (i < 0) throw new Error(`${symbol} is not a default symbol`);
  return i % PARTITIONS;
}

/**
 * Where the producer's messages land: kafkajs' default partitioner (murmur2 of the key, the
 * symbol), as shared/kafka/publisher.ts configures it, over the topic's partitions.
 */
export function producerPartitionOf(symbol: string): number {
  const partitioner = Partitioners.DefaultPartitioner();
  return partitioner({
    topic: TOPIC,
    partitionMetadata: Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    })),
    message: { key: symbol, value: '' },
  });
}

/** One producer run of the default schedule: a minute of the given symbols at 1 tick/s. */
export const minuteBatch = (symbols: readonly string[]) => 60 * symbols.length;

/**
 * Writes a day's objects as the sink would have, batch by batch; returns ticks and objects
 * written. `next` holds each partition's next offset and is advanced.
 */
export async function writeDay(
  put: (key: string, body: Uint8Array, type: string) => Promise<void>,
  prefixes: SinkPrefixes,
  dt: string,
  layout: DayLayout,
  next: number[],
): Promise<{ ticks: number; objects: number }> {
  const { scale, batch } = layout;
  let ticks = 0;
  let objects = 0;
  const pending = new Set<Promise<void>>();
  for (let hour = 0; hour < 24; hour++) {
    // A window's ticks fall at the end of each step: start one step early so the day's last tick
    // is at 23:59:59, not at midnight of the next day.
    const startMs = Date.parse(`${dt}T00:00:00.000Z`) + hour * HOUR_MS - 1000 / scale;
    const hourTicks = syntheticTicks(
      { startMs, endMs: startMs + HOUR_MS, ticksPerSecond: scale },
      layout.symbols,
    );
    for (let i = 0; i < hourTicks.length; i += batch) {
      const decoded: Extract<DecodedRecord, { ok: true }>[] = hourTicks.slice(i, i + batch).map((tick) => {
        const partition = layout.partitionOf(tick.symbol);
        return { ok: true, tick, at: { topic: TOPIC, partition, offset: next[partition]!++ } };
      });
      // The planner takes records in (partition, offset) order, as the mapping delivers them.
      decoded.sort((a, b) => a.at.partition - b.at.partition || a.at.offset - b.at.offset);
      for (const planned of planObjects(decoded, prefixes)) {
        const { key, body, contentType } = encodeObject(planned);
        const p = put(key, body, contentType).finally(() => pending.delete(p));
        pending.add(p);
        objects++;
        if (pending.size >= PUTS_IN_FLIGHT) await Promise.race(pending);
      }
      ticks += decoded.length;
    }
  }
  await Promise.all(pending);
  return { ticks, objects };
}

/** Deletes every object under the prefixes; a failure is logged, not thrown (used in clean-ups). */
export async function removeUnder(
  store: CompactionStore,
  prefixes: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  try {
    for (const prefix of prefixes) {
      for await (const { key } of store.list(prefix)) await store.delete(key);
    }
  } catch (error) {
    log(`  could not remove the objects under ${prefixes.join(', ')}: ${(error as Error).message}`);
  }
}
