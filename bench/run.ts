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
  const result = await benchSink();
  console.log('sink handler, one MSK event, S3 excluded');
  console.log(`  records            ${result.records} (${result.eventMiB.toFixed(2)} MiB event)`);
  console.log(`  median             ${result.medianMs.toFixed(1)} ms per batch`);
  console.log(
    `  throughput         ${Math.round(result.recordsPerSecond).toLocaleString('en')} records/s (target ≥ 100,000)`,
  );
  console.log(
    `  floor (b64+JSON+gzip only) ${result.floorMedianMs.toFixed(1)} ms; sink/floor = ${result.ratioToFloor.toFixed(2)}x`,
  );
  console.log(`  peak RSS           ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
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
