/**
 * `npm run compact -- --date YYYY-MM-DD [--topic ticks] [--dry-run]`: compacts one UTC day of a
 * topic into one Parquet file per partition, verifies each against what it replaces, deletes the
 * objects it replaced, audits the day against the sink's Kafka cluster and, when every record of
 * the day is in S3, seals it (shared/compaction, shared/audit). Running it again changes nothing;
 * after a crash it finishes the job. `--dry-run` reads and plans, and writes and deletes nothing;
 * `--no-seal` compacts without Kafka (no seal is written: nothing vouches for the day). Exit 1 when
 * the audit finds committed records missing from S3.
 *
 *   npm run compact -- --date 2025-07-01 --dry-run
 *   npm run compact -- --date 2025-07-01 [--topic ticks --prefix ticks/ --quarantine-prefix quarantine/ --seals-prefix seals/]
 *   S3_ENDPOINT=aws TICKS_BUCKET=my-bucket npm run compact -- --date 2025-07-01   (the deployed bucket)
 */
import { parseArgs } from 'node:util';
import * as infra from '../../local/infra';
import {
  auditFoundGap,
  CompactionError,
  compactDay,
  compactionPrefixes,
  s3CompactionStore,
} from '../../shared/compaction';
import { openDayAudit } from '../audit/day-session';
import { formatCompaction } from '../compaction/report';
import { sinkTarget } from './sink-target';

const { values } = parseArgs({
  options: {
    date: { type: 'string' },
    topic: { type: 'string' },
    prefix: { type: 'string' },
    'quarantine-prefix': { type: 'string' },
    'seals-prefix': { type: 'string' },
    group: { type: 'string' },
    'no-seal': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const USAGE =
  'usage: npm run compact -- --date YYYY-MM-DD [--topic ticks] [--group <sink consumer group>] [--no-seal] [--dry-run] [--verbose]';
async function main(): Promise<number> {
  if (!values.date) {
    console.error(USAGE);
    return 2;
  }
  const seal = !values['no-seal'];
  const env = await infra.up({
    services: seal ? ['kafka', 's3'] : ['s3'],
    log: (line) => console.error(line),
  });
  try {
    const target = sinkTarget(env, {
      topic: values.topic,
      group: values.group,
      prefix: values.prefix,
      quarantinePrefix: values['quarantine-prefix'],
    });
    const prefixes = compactionPrefixes(target.prefixes, values['seals-prefix']);
    const store = s3CompactionStore(target.s3, target.bucket);
    const session = seal
      ? await openDayAudit({ kafka: { brokers: env.kafkaBrokers }, groupId: target.groupId, store, prefixes })
      : undefined;
    try {
      const summary = await compactDay(store, {
        dt: values.date,
        topic: target.topic,
        prefixes,
        audit: session?.audit ?? null,
        dryRun: values['dry-run'],
      });
      console.log(formatCompaction(summary, `s3://${target.bucket}/${prefixes.ticks}`, values.verbose));
      return auditFoundGap(summary) ? 1 : 0;
    } finally {
      await session?.close();
    }
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
