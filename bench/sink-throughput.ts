/**
 * The sink handler's throughput on one 10,000-record MSK event, S3 excluded (the store only
 * counts bytes). In the same run it times, for scale:
 * - the floor: base64 decode + JSON.parse + gzip of the same records, which the issue names as
 *   what any sink must do;
 * - the stored format alone: the planned tick objects encoded as Parquet (what the sink writes)
 *   and as gzip JSON lines at level 4 (what it wrote before), so the two can be compared.
 */
import { gzipSync } from 'node:zlib';
import { buildEsmEvent, eventBytes } from '../local/esm/event-builder';
import { LOCAL_MSK } from '../local/run/pipeline';
import { decodeRecord, type EsmEvent, recordsOf } from '../shared/esm';
import { encodeObject, type ObjectStore, planObjects, sinkBatch } from '../shared/sink';
import { syntheticTicks } from '../shared/sources';

const PREFIXES = { ticks: 'ticks/', quarantine: 'quarantine/' };

export interface SinkBenchResult {
  readonly records: number;
  readonly eventMiB: number;
  readonly medianMs: number;
  readonly recordsPerSecond: number;
  readonly objectBytes: number;
  readonly floorMedianMs: number;
  readonly ratioToFloor: number;
  readonly parquet: { readonly medianMs: number; readonly bytes: number };
  readonly jsonGzip: { readonly medianMs: number; readonly bytes: number };
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

export async function benchSink(records = 10_000, runs = 15): Promise<SinkBenchResult> {
  const event = makeEvent(records);
  const store: ObjectStore = { put: async () => undefined };
  const planned = planObjects(
    recordsOf(event).map((r) => decodeRecord(r)),
    PREFIXES,
  );
  const times = {
    sink: [] as number[],
    floor: [] as number[],
    parquet: [] as number[],
    jsonGzip: [] as number[],
  };
  let objectBytes = 0;
  let parquetBytes = 0;
  let jsonGzipBytes = 0;
  for (let i = 0; i < runs + 3; i++) {
    const warm = i >= 3;
    let t = performance.now();
    const summary = await sinkBatch(event, store, { prefixes: PREFIXES });
    const sinkMs = performance.now() - t;
    if (summary.written !== records)
      throw new Error(`bench: expected ${records} written, got ${summary.written}`);
    objectBytes = summary.bytes;

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

    t = performance.now();
    parquetBytes = planned.reduce((n, o) => n + encodeObject(o).body.length, 0);
    const parquetMs = performance.now() - t;

    t = performance.now();
    jsonGzipBytes = planned.reduce((n, o) => n + jsonLinesGzip(o).length, 0);
    const jsonGzipMs = performance.now() - t;

    if (warm) {
      times.sink.push(sinkMs);
      times.floor.push(floorMs);
      times.parquet.push(parquetMs);
      times.jsonGzip.push(jsonGzipMs);
    }
  }
  const medianMs = median(times.sink);
  const floorMedianMs = median(times.floor);
  return {
    records,
    eventMiB: eventBytes(event) / 1024 / 1024,
    medianMs,
    recordsPerSecond: (records / medianMs) * 1000,
    objectBytes,
    floorMedianMs,
    ratioToFloor: medianMs / floorMedianMs,
    parquet: { medianMs: median(times.parquet), bytes: parquetBytes },
    jsonGzip: { medianMs: median(times.jsonGzip), bytes: jsonGzipBytes },
  };
}

/**
 * The format the sink wrote before Parquet, kept here only for comparison: one JSON line per row
 * (event_time as Athena's JSON SerDe reads it), gzip level 4.
 */
function jsonLinesGzip(object: ReturnType<typeof planObjects>[number]): Uint8Array {
  if (object.kind !== 'ticks') return encodeObject(object).body;
  const lines = object.rows.map(({ tick, at }) =>
    JSON.stringify({
      ...tick,
      event_time: `${tick.event_time.slice(0, 10)} ${tick.event_time.slice(11, 23)}`,
      kafka_topic: at.topic,
      kafka_partition: at.partition,
      kafka_offset: at.offset,
    }),
  );
  return gzipSync(`${lines.join('\n')}\n`, { level: 4 });
}
