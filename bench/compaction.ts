/**
 * Compaction over a week of ticks in the local S3: the objects the sink would have written at the
 * default rate (14 symbols x 1 tick/s, one batch per producer run of 840 ticks, so ~280 ticks per
 * object and partition, ~4,320 objects a day), written with the sink's own planner and writer;
 * then every day compacted and sealed. Prints files, bytes and bytes per tick before and after,
 * compaction time per day, and the time of the named query "Daily OHLC per symbol" over the week
 * before and after, on the local Athena engine (Trino). Asserts nothing about speed.
 *
 * The week is the 7 UTC days the named query covers (today-6 .. today); today is generated whole,
 * its later hours included, since the bench writes objects itself rather than through Kafka.
 * `scale` < 1 is a scale model: the same days and batch cut at a fraction of the rate (fewer
 * objects of the same size, ticks further apart). `npm run bench` uses 0.1 by default: on the
 * project's 2-core machines one day at the full rate took 6.6 min (94 s to write 4,320 objects,
 * 111 s to compact them, 46 s for the named query over them), so a full week would take ~45 min.
 */
import { S3Client } from '@aws-sdk/client-s3';
import * as infra from '../local/infra';
import { localAthena } from '../ops/query/local-athena';
import type { TrinoResult } from '../ops/query/trino-client';
import { compactDay, compactionPrefixes, s3CompactionStore } from '../shared/compaction';
import type { DecodedRecord } from '../shared/esm';
import { encodeObject, planObjects, s3ObjectStore } from '../shared/sink';
import { DEFAULT_SYMBOLS, syntheticTicks } from '../shared/sources';

export interface CompactionBenchOptions {
  /** Days in the model (default 7: the named query's week). */
  readonly days: number;
  /** Fraction of the default rate of one tick per symbol per second (1 = the real thing). */
  readonly scale: number;
  readonly log: (line: string) => void;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PARTITIONS = 3;
/** One producer run of the default schedule: a minute of 14 symbols at 1 tick/s. */
const BATCH = 60 * DEFAULT_SYMBOLS.length;
const PUTS_IN_FLIGHT = 16;
const TOPIC = 'ticks';

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const n = (count: number) => Math.round(count).toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The UTC days of the model, oldest first, ending today. */
function daysOf(count: number): string[] {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** Writes a day's objects as the sink would have, batch by batch; returns ticks written. */
async function writeDay(
  put: (key: string, body: Uint8Array, type: string) => Promise<void>,
  prefixes: { ticks: string; quarantine: string },
  dt: string,
  scale: number,
  next: number[],
): Promise<number> {
  const symbolPartition = new Map(DEFAULT_SYMBOLS.map((s, i) => [s, i % PARTITIONS]));
  let ticks = 0;
  const pending = new Set<Promise<void>>();
  for (let hour = 0; hour < 24; hour++) {
    // A window's ticks fall at the end of each step: start one step early so the day's last tick
    // is at 23:59:59, not at midnight of the next day.
    const startMs = Date.parse(`${dt}T00:00:00.000Z`) + hour * HOUR_MS - 1000 / scale;
    const hourTicks = syntheticTicks(
      { startMs, endMs: startMs + HOUR_MS, ticksPerSecond: scale },
      DEFAULT_SYMBOLS,
    );
    for (let i = 0; i < hourTicks.length; i += BATCH) {
      const decoded: Extract<DecodedRecord, { ok: true }>[] = hourTicks.slice(i, i + BATCH).map((tick) => {
        const partition = symbolPartition.get(tick.symbol)!;
        return { ok: true, tick, at: { topic: TOPIC, partition, offset: next[partition]!++ } };
      });
      // The planner takes records in (partition, offset) order, as the mapping delivers them.
      decoded.sort((a, b) => a.at.partition - b.at.partition || a.at.offset - b.at.offset);
      for (const planned of planObjects(decoded, prefixes)) {
        const { key, body, contentType } = encodeObject(planned);
        const p = put(key, body, contentType).finally(() => pending.delete(p));
        pending.add(p);
        if (pending.size >= PUTS_IN_FLIGHT) await Promise.race(pending);
      }
      ticks += decoded.length;
    }
  }
  await Promise.all(pending);
  return ticks;
}

async function sizeOf(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for await (const o of s3CompactionStore(s3, bucket).list(prefix)) {
    files++;
    bytes += o.size;
  }
  return { files, bytes };
}

/** The named query, twice: the first run reads cold (Trino lists and opens every file), the second warm. */
async function timeNamedQuery(
  run: () => Promise<TrinoResult>,
): Promise<{ coldMs: number; warmMs: number; rows: number; processed: number }> {
  let t = performance.now();
  const cold = await run();
  const coldMs = performance.now() - t;
  t = performance.now();
  const warm = await run();
  return {
    coldMs,
    warmMs: performance.now() - t,
    rows: cold.rows.length,
    processed: warm.stats.processedRows,
  };
}

export async function benchCompaction(options: CompactionBenchOptions): Promise<boolean> {
  const { log } = options;
  const env = await infra.up({ services: ['s3', 'trino'], log });
  const s3 = new S3Client(infra.s3ClientConfig(env.s3));
  const bucket = env.s3.bucket;
  const id = `bench-compaction-${Date.now().toString(36)}`;
  const prefixes = compactionPrefixes({ ticks: `${id}/ticks/`, quarantine: `${id}/quarantine/` });
  const store = s3CompactionStore(s3, bucket);
  const days = daysOf(options.days);
  try {
    const scaleNote =
      options.scale === 1
        ? 'the default rate'
        : `a scale model at ${options.scale} x the default rate (same days and batch cut, fewer objects)`;
    log(
      `compaction: ${days.length} day(s) (${days[0]} .. ${days.at(-1)}) at ${scaleNote}, under s3://${bucket}/${id}/`,
    );

    const writer = s3ObjectStore(s3, bucket);
    const next = Array.from({ length: PARTITIONS }, () => 0);
    let ticks = 0;
    const writeStart = performance.now();
    for (const dt of days) {
      const t = performance.now();
      const written = await writeDay(writer.put, prefixes, dt, options.scale, next);
      ticks += written;
      log(`  wrote ${dt}: ${n(written)} ticks in ${seconds(performance.now() - t)}`);
    }
    const writeMs = performance.now() - writeStart;
    const before = await sizeOf(s3, bucket, prefixes.ticks);

    const athena = await localAthena(env, {
      database: `bench_${id.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`,
      prefixes,
    });
    const count = () => athena.run('SELECT count(*), count(DISTINCT tick_id) FROM ticks');
    log('  Daily OHLC per symbol over the sink objects…');
    const queryBefore = await timeNamedQuery(() => athena.named('Daily OHLC per symbol'));
    const countBefore = (await count()).rows;

    const perDay: { dt: string; ms: number; inputs: number; files: number }[] = [];
    for (const dt of days) {
      const t = performance.now();
      const summary = await compactDay(store, { dt, topic: TOPIC, prefixes });
      const ms = performance.now() - t;
      const inputs = summary.partitions.reduce((sum, p) => sum + p.inputs.length, 0);
      perDay.push({ dt, ms, inputs, files: summary.partitions.length });
      log(`  compacted ${dt}: ${n(inputs)} objects -> ${summary.partitions.length} files in ${seconds(ms)}`);
    }
    const after = await sizeOf(s3, bucket, prefixes.ticks);
    log('  Daily OHLC per symbol over the compacted files…');
    const queryAfter = await timeNamedQuery(() => athena.named('Daily OHLC per symbol'));
    const countAfter = (await count()).rows;
    const second = await compactDay(store, { dt: days[0]!, topic: TOPIC, prefixes });

    const total = perDay.reduce((sum, d) => sum + d.ms, 0);
    console.log('\ncompaction benchmark');
    console.log(
      `  model              ${days.length} day(s) at ${options.scale === 1 ? 'the default rate' : `${options.scale} x the default rate (scale model)`}: ` +
        `${n(ticks)} ticks, ${n(ticks / days.length)} a day, ${PARTITIONS} partitions; written in ${seconds(writeMs)} with the sink's writer`,
    );
    console.log(
      `  before             ${n(before.files)} objects, ${mib(before.bytes)}, ${(before.bytes / ticks).toFixed(1)} bytes per tick, ` +
        `${n(before.files / days.length)} objects a day`,
    );
    console.log(
      `  after              ${n(after.files)} files, ${mib(after.bytes)}, ${(after.bytes / ticks).toFixed(1)} bytes per tick ` +
        `(${(before.bytes / after.bytes).toFixed(2)}x smaller, ${n(before.files / after.files)}x fewer files)`,
    );
    console.log(
      `  compaction         ${seconds(total)} for ${days.length} day(s), ${seconds(total / days.length)} a day on average ` +
        `(min ${seconds(Math.min(...perDay.map((d) => d.ms)))}, max ${seconds(Math.max(...perDay.map((d) => d.ms)))}), ` +
        `${n(ticks / (total / 1000))} ticks/s; a second run of a day: ${second.writes} writes, ${second.deletes} deletes`,
    );
    console.log(
      `  Daily OHLC         before: ${seconds(queryBefore.coldMs)} first run, ${seconds(queryBefore.warmMs)} second; ` +
        `after: ${seconds(queryAfter.coldMs)} first run, ${seconds(queryAfter.warmMs)} second ` +
        `(${queryBefore.rows} rows each time; Trino on the local S3)`,
    );
    const same = JSON.stringify(countBefore) === JSON.stringify(countAfter);
    console.log(
      `  SQL check          count(*), count(DISTINCT tick_id) from ticks: ${JSON.stringify(countBefore)} before, ` +
        `${JSON.stringify(countAfter)} after${same ? ' (same)' : ' (DIFFERENT)'}`,
    );
    return same && queryBefore.rows === queryAfter.rows;
  } finally {
    // After compaction the week is a few files: remove them, and anything a failed run left.
    for (const prefix of [prefixes.ticks, prefixes.seals]) {
      for await (const { key } of store.list(prefix)) await store.delete(key);
    }
    s3.destroy();
    await infra.down({ only: env.started, log });
  }
}
