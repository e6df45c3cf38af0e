/**
 * `npm run bench`: prints figures, asserts nothing about speed (these machines are shared and
 * noisy). Ratios are measured within one run.
 *
 *   npm run bench                          sink throughput, then 5 minutes of load at 5,000 ticks/s
 *   npm run bench -- --only sink           the sink throughput alone
 *   npm run bench -- --only load --seconds 60 --rate 2000
 *   npm run bench -- --only compaction     a week of sink objects compacted, as a scale model at 1/10 of
 *                                          the default rate (--days 7 --scale 0.1; --scale 1 is the real
 *                                          rate: measured 6.6 min a day here, ~45 min for a week)
 */
import { parseArgs } from 'node:util';
import { benchCompaction } from './compaction';
import { benchLoad } from './load';
import { benchSink } from './sink-throughput';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '5000' },
    every: { type: 'string', default: '5' },
    days: { type: 'string', default: '7' },
    scale: { type: 'string', default: '0.1' },
  },
});

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
  if (values.only === 'compaction') {
    const scale = Number(values.scale);
    if (!(scale > 0 && scale <= 1))
      throw new Error(`--scale must be a fraction of the default rate in (0, 1] (got "${values.scale}")`);
    return (await benchCompaction({
      days: Number(values.days),
      scale,
      log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    }))
      ? 0
      : 1;
  }
  if (values.only !== 'load') await sink();
  if (values.only === 'sink') return 0;
  const ok = await benchLoad({
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    everySeconds: Number(values.every),
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  });
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
