/**
 * Compaction while `npm start` runs: the deployed function compacts each day once it has closed;
 * here a "day" is the short window `everySeconds`, so the effect is visible in minutes. Each run
 * compacts today's partitions (the open day: what arrives later is merged by the next run, as a
 * late batch is in AWS) and audits it against the local Kafka; while the sink is still reading, the
 * seal is withheld. `stop()` runs once more after the pipeline has drained, so the day ends
 * compacted, audited and sealed with everything the sink wrote.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { openDayAudit } from '../../ops/audit/day-session';
import { compactDay, compactionPrefixes, type DaySummary, s3CompactionStore } from '../../shared/compaction';
import type { SinkPrefixes } from '../../shared/sink';
import { type LocalEnv, type LocalKafka, s3ClientConfig } from '../infra';

export interface LocalCompaction {
  /** Runs finished so far. */
  readonly runs: () => number;
  /** Stops the timer, waits for a running pass, then compacts once more. */
  stop(): Promise<DaySummary[]>;
}

export function startLocalCompaction(options: {
  readonly env: LocalEnv;
  readonly topic: string;
  /** The cluster and the sink's group the seal's audit checks. */
  readonly kafka: LocalKafka;
  readonly groupId: string;
  readonly everySeconds: number;
  readonly prefixes?: SinkPrefixes;
  readonly log: (line: string) => void;
}): LocalCompaction {
  const store = s3CompactionStore(new S3Client(s3ClientConfig(options.env.s3)), options.env.s3.bucket);
  const prefixes = compactionPrefixes(options.prefixes ?? { ticks: 'ticks/', quarantine: 'quarantine/' });
  let runs = 0;
  let running: Promise<DaySummary[]> = Promise.resolve([]);

  const pass = async (): Promise<DaySummary[]> => {
    const dt = new Date().toISOString().slice(0, 10);
    try {
      const session = await openDayAudit({ kafka: options.kafka, groupId: options.groupId, store, prefixes });
      const summary = await compactDay(store, {
        dt,
        topic: options.topic,
        prefixes,
        audit: session.audit,
      }).finally(() => session.close());
      runs++;
      const compacted = summary.partitions.filter((p) => p.action === 'compacted');
      if (compacted.length > 0) {
        const inputs = compacted.reduce((n, p) => n + p.inputs.length, 0);
        options.log(
          `compaction: dt=${dt} ${inputs} objects -> ${compacted.length} files, seal ${summary.seal?.state ?? 'none'}`,
        );
      }
      return [summary];
    } catch (error) {
      options.log(`! compaction of dt=${dt} failed (the next pass resumes it): ${(error as Error).message}`);
      return [];
    }
  };

  const timer = setInterval(() => {
    running = running.then(pass);
  }, options.everySeconds * 1000);

  return {
    runs: () => runs,
    async stop() {
      clearInterval(timer);
      await running;
      running = pass();
      return running;
    },
  };
}
