/**
 * `npm run bench`: prints figures, asserts nothing about speed (these machines are shared and
 * noisy). Ratios are measured within one run.
 *
 *   npm run bench                          sink throughput, then 5 minutes of load at 5,000 ticks/s
 *   npm run bench -- --only sink           the sink throughput alone
 *   npm run bench -- --only load --seconds 60 --rate 2000
 */
import { parseArgs } from 'node:util';
import { benchLoad } from './load';
import { benchSink } from './sink-throughput';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '5000' },
    every: { type: 'string', default: '5' },
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
