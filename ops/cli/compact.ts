/**
 * `npm run compact -- --date YYYY-MM-DD [--topic ticks] [--dry-run]`: compacts one UTC day of a
 * topic into one Parquet file per partition, verifies each against what it replaces, deletes the
 * objects it replaced, and seals the day (shared/compaction). Running it again changes nothing;
 * after a crash it finishes the job. `--dry-run` reads and plans, and writes and deletes nothing.
 *
 *   npm run compact -- --date 2025-07-01 --dry-run
 *   npm run compact -- --date 2025-07-01 [--topic ticks --prefix ticks/ --quarantine-prefix quarantine/ --seals-prefix seals/]
 *   S3_ENDPOINT=aws TICKS_BUCKET=my-bucket npm run compact -- --date 2025-07-01   (the deployed bucket)
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import { CompactionError, compactDay, compactionPrefixes, s3CompactionStore } from '../../shared/compaction';
import { formatCompaction } from '../compaction/report';
import { sinkTarget } from './sink-target';

const { values } = parseArgs({
  options: {
    date: { type: 'string' },
    topic: { type: 'string' },
    prefix: { type: 'string' },
    'quarantine-prefix': { type: 'string' },
    'seals-prefix': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const USAGE = 'usage: npm run compact -- --date YYYY-MM-DD [--topic ticks] [--dry-run] [--verbose]';
async function main(): Promise<number> {
  if (!values.date) {
    console.error(USAGE);
    return 2;
  }
  const env = await infra.up({ services: ['s3'], log: (line) => console.error(line) });
  try {
    const target = sinkTarget(env, {
      topic: values.topic,
      prefix: values.prefix,
      quarantinePrefix: values['quarantine-prefix'],
    });
    const prefixes = compactionPrefixes(target.prefixes, values['seals-prefix']);
    const summary = await compactDay(s3CompactionStore(target.s3, target.bucket), {
      dt: values.date,
      topic: target.topic,
      prefixes,
      dryRun: values['dry-run'],
    });
    console.log(formatCompaction(summary, `s3://${target.bucket}/${prefixes.ticks}`, values.verbose));
    return 0;
  } finally {
    await infra.down({ only: env.started });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof CompactionError;
    console.error(`compaction failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!known)
      console.error('nothing is lost: objects are deleted only after the new file is verified; run again');
    process.exit(known ? 2 : 1);
  },
);
