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
 * objects of the same size, ticks further apart). `--only compaction` uses 0.1 by default: on the
 * project's 2-core machines one day at the full rate took 6.6 min (94 s to write 4,320 objects,
 * 111 s to compact them, 46 s for the named query over them), so a full week would take ~45 min.
 *
 * Then, always at the full rate whatever `scale` is, the peak memory of the packaged compaction
 * function on one partition-day, in a process of its own (./compaction-memory.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import * as infra from '../local/infra';
import { localAthena } from '../ops/query/local-athena';
import type { TrinoResult } from '../ops/query/trino-client';
import { compactDay, compactionPrefixes, s3CompactionStore } from '../shared/compaction';
import { s3ObjectStore } from '../shared/sink';
import { DEFAULT_SYMBOLS } from '../shared/sources';
import {
  formatMemory,
  type MemoryLayout,
  type MemoryResult,
  measureCompactionMemory,
} from './compaction-memory';
import {
  type DayLayout,
  minuteBatch,
  modelPartitionOf,
  PARTITIONS,
  removeUnder,
  TOPIC,
  writeDay,
} from './sink-day';

export interface CompactionBenchOptions {
  /** Days in the model (default 7: the named query's week). */
  readonly days: number;
  /** Fraction of the default rate of one tick per symbol per second (1 = the real thing). */
  readonly scale: number;
  /** The full-rate partition-day whose peak memory is measured, or none. */
  readonly memory: MemoryLayout | 'off';
  readonly log: (line: string) => void;
}

const DAY_MS = 86_400_000;
/** The model's symbols and partitions; one producer run of the default schedule (a minute of 14 symbols at 1 tick/s) per batch. */
const modelLayout = (scale: number): DayLayout => ({
  symbols: DEFAULT_SYMBOLS,
  partitionOf: modelPartitionOf,
  scale,
  batch: minuteBatch(DEFAULT_SYMBOLS),
});

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
      const written = await writeDay(writer.put, prefixes, dt, modelLayout(options.scale), next);
      ticks += written.ticks;
      log(
        `  wrote ${dt}: ${n(written.ticks)} ticks in ${n(written.objects)} objects in ${seconds(performance.now() - t)}`,
      );
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

    // Compacted without a Kafka audit (`audit: null`), so not sealed: the bench writes S3 alone,
    // with no sink group to audit against.
    const request = (dt: string) => ({ dt, topic: TOPIC, prefixes, audit: null });
    const perDay: { dt: string; ms: number; inputs: number; files: number }[] = [];
    for (const dt of days) {
      const t = performance.now();
      const summary = await compactDay(store, request(dt));
      const ms = performance.now() - t;
      const inputs = summary.partitions.reduce((sum, p) => sum + p.inputs.length, 0);
      perDay.push({ dt, ms, inputs, files: summary.partitions.length });
      log(`  compacted ${dt}: ${n(inputs)} objects -> ${summary.partitions.length} files in ${seconds(ms)}`);
    }
    const after = await sizeOf(s3, bucket, prefixes.ticks);
    log('  Daily OHLC per symbol over the compacted files…');
    const queryAfter = await timeNamedQuery(() => athena.named('Daily OHLC per symbol'));
    const countAfter = (await count()).rows;
    const second = await compactDay(store, request(days[0]!));
    let memory: MemoryResult | undefined;
    if (options.memory !== 'off') {
      memory = await measureCompactionMemory({ env, s3, id: `${id}-memory`, layout: options.memory, log });
    }

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
    if (memory) for (const line of formatMemory(memory)) console.log(line);
    return same && queryBefore.rows === queryAfter.rows && (memory?.ok ?? true);
  } finally {
    // After compaction the week is a few files: remove them, and anything a failed run left. The
    // services stop even when that fails (S3 gone): the run's own error is the one reported.
    await removeUnder(store, [prefixes.ticks, prefixes.seals], log);
    s3.destroy();
    await infra.down({ only: env.started, log });
  }
}
