/**
 * `npm run bench`: prints figures, asserts nothing about speed (these machines are shared and
 * noisy). Ratios are measured within one run.
 */
import { benchSink } from './sink-throughput';

async function main(): Promise<void> {
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
