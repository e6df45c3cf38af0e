/**
 * `npm run bench`: prints figures, asserts nothing about speed (these machines are shared and
 * noisy). Ratios are measured within one run.
 *
 *   npm run bench                          sink throughput, 5 minutes of load at 5,000 ticks/s, then
 *                                          compaction: the week at 1/50 of the default rate (--scale 0.02,
 *                                          to stay within ~10 minutes in all on 2 cores) and the
 *                                          packaged function's peak memory on a full-rate partition-day
 *   npm run bench -- --only sink           the sink throughput alone
 *   npm run bench -- --only load --seconds 60 --rate 2000
 *   npm run bench -- --only compaction     a week of sink objects compacted, as a scale model at 1/10 of
 *                                          the default rate (--days 7 --scale 0.1; --scale 1 is the real
 *                                          rate: measured 6.6 min a day here, ~45 min for a week), then
 *                                          the peak memory of the packaged compactTicks on one full-rate
 *                                          partition-day (--memory model: the model's partition 0;
 *                                          producer: the producer's fullest partition; off)
 */
import { parseArgs } from 'node:util';
import { benchCompaction } from './compaction';
import { MEMORY_LAYOUTS, type MemoryLayout } from './compaction-memory';
import { benchLoad } from './load';
import { benchSink } from './sink-throughput';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '5000' },
    every: { type: 'string', default: '5' },
    days: { type: 'string', default: '7' },
    // Defaults below: 0.1 for --only compaction, less in the whole run.
    scale: { type: 'string' },
    memory: { type: 'string', default: 'model' },
  },
});

/** The week model's scale when `npm run bench` runs everything: its share of a ~10 minute run. */
const WHOLE_RUN_SCALE = '0.02';
const ONLY_COMPACTION_SCALE = '0.1';

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function compaction(defaultScale: string): Promise<boolean> {
  const scaleText = values.scale ?? defaultScale;
  const scale = Number(scaleText);
  if (!(scale > 0 && scale <= 1))
    throw new Error(`--scale must be a fraction of the default rate in (0, 1] (got "${scaleText}")`);
  const memory = values.memory as MemoryLayout | 'off';
  if (memory !== 'off' && !MEMORY_LAYOUTS.includes(memory))
    throw new Error(
      `--memory must be one of ${[...MEMORY_LAYOUTS, 'off'].join(', ')} (got "${values.memory}")`,
    );
  log(
    `compaction: week model at --scale ${scaleText}${values.scale === undefined ? ' (the default here)' : ''}, ` +
      `--days ${values.days}; peak memory: ${memory === 'off' ? 'off' : `--memory ${memory}, always at the full rate`}`,
  );
  return benchCompaction({ days: Number(values.days), scale, memory, log });
}

async function sink(): Promise<void> {
  console.log('sink handler, one MSK event, S3 excluded (one core: everything runs on the main thread)');
  const r = await benchSink(10_000, 15);
  const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;
  console.log(
    `  ${r.records} records (${r.eventMiB.toFixed(2)} MiB event): median ${r.medianMs.toFixed(1)} ms, ` +
      `${Math.round(r.recordsPerSecond).toLocaleString('en')} records/s (target ≥ 100,000), ` +
      `${kib(r.objectBytes)} written`,
  );
  console.log(
    `  floor (base64 + JSON.parse + gzip at zlib's default level): ${r.floorMedianMs.toFixed(1)} ms; ` +
      `sink/floor ${r.ratioToFloor.toFixed(2)}x`,
  );
  console.log(
    `  encoding the tick objects alone: Parquet ${r.parquet.medianMs.toFixed(1)} ms, ${kib(r.parquet.bytes)}; ` +
      `gzip JSON lines (level 4, the earlier format) ${r.jsonGzip.medianMs.toFixed(1)} ms, ${kib(r.jsonGzip.bytes)}; ` +
      `Parquet/JSON time ${(r.parquet.medianMs / r.jsonGzip.medianMs).toFixed(2)}x`,
  );
  console.log(`  RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
}

async function main(): Promise<number> {
  const only = values.only;
  if (only !== undefined && !['sink', 'load', 'compaction'].includes(only))
    throw new Error(`--only must be sink, load or compaction (got "${only}")`);
  if (only === 'compaction') return (await compaction(ONLY_COMPACTION_SCALE)) ? 0 : 1;
  const started = performance.now();
  if (only !== 'load') await sink();
  if (only === 'sink') return 0;
  const before = { ...process.env };
  const loadOk = await benchLoad({
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    everySeconds: Number(values.every),
    log,
  });
  if (only === 'load') return loadOk ? 0 : 1;
  // The local pipeline put its handlers' settings in this process's environment (S3_ENDPOINT,
  // KAFKA_BROKERS, …), which would make the next benchmark take the stopped services for external
  // ones: back to the environment the run started with.
  for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
  Object.assign(process.env, before);
  const compactionOk = await compaction(WHOLE_RUN_SCALE);
  console.log(`\nwhole run: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  return loadOk && compactionOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
