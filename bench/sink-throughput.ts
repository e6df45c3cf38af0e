/**
 * The sink handler's throughput on one 10,000-record MSK event, S3 excluded (the store only
 * counts bytes). For scale it also times the floor: base64 decode + JSON.parse + gzip of the
 * same records, which any sink must do.
 */
import { gzipSync } from 'node:zlib';
import { buildEsmEvent, eventBytes } from '../local/esm/event-builder';
import { LOCAL_MSK } from '../local/run/pipeline';
import type { EsmEvent } from '../shared/esm';
import { DEFAULT_GZIP_LEVEL, type ObjectStore, sinkBatch } from '../shared/sink';
import { syntheticTicks } from '../shared/sources';

export interface SinkBenchResult {
  readonly gzipLevel: number;
  readonly records: number;
  readonly eventMiB: number;
  readonly medianMs: number;
  readonly recordsPerSecond: number;
  readonly floorMedianMs: number;
  readonly ratioToFloor: number;
}

export function makeEvent(records: number, partitions = 3): EsmEvent {
  const end = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
  const symbols = ['NYA', 'IXIC', 'HSI', '000001.SS', 'GSPTSE', '399001.SZ', 'NSEI', 'GDAXI', 'KS11', 'SSMI'];
  const seconds = Math.ceil(records / symbols.length);
  const ticks = syntheticTicks(
    { startMs: end - seconds * 1000, endMs: end, ticksPerSecond: 1 },
    symbols,
  ).slice(0, records);
  return buildEsmEvent(
    LOCAL_MSK,
    ['b-1.local:9098'],
    ticks.map((tick, i) => ({
      topic: 'ticks',
      partition: i % partitions,
      offset: 1_000_000 + Math.floor(i / partitions),
      timestamp: Date.parse(tick.event_time),
      key: Buffer.from(tick.symbol),
      value: Buffer.from(JSON.stringify(tick)),
    })),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchSink(
  records = 10_000,
  runs = 15,
  gzipLevel = DEFAULT_GZIP_LEVEL,
): Promise<SinkBenchResult> {
  const event = makeEvent(records);
  const store: ObjectStore = { put: async () => undefined };
  const options = { prefixes: { ticks: 'ticks/', quarantine: 'quarantine/' }, gzipLevel };
  const sinkTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    let t = performance.now();
    const summary = await sinkBatch(event, store, options);
    const sinkMs = performance.now() - t;
    if (summary.written !== records)
      throw new Error(`bench: expected ${records} written, got ${summary.written}`);
    t = performance.now();
    // The floor, as the issue puts it: decoding, parsing and gzipping the batch, nothing else.
    const texts: string[] = [];
    for (const list of Object.values(event.records)) {
      for (const r of list) {
        const text = Buffer.from(r.value!, 'base64').toString('utf8');
        JSON.parse(text);
        texts.push(text);
      }
    }
    gzipSync(texts.join('\n'));
    const floorMs = performance.now() - t;
    if (i >= 3) {
      sinkTimes.push(sinkMs);
      floorTimes.push(floorMs);
    }
  }
  const medianMs = median(sinkTimes);
  const floorMedianMs = median(floorTimes);
  return {
    gzipLevel,
    records,
    eventMiB: eventBytes(event) / 1024 / 1024,
    medianMs,
    recordsPerSecond: (records / medianMs) * 1000,
    floorMedianMs,
    ratioToFloor: medianMs / floorMedianMs,
  };
}
