import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type CompactionStore,
  compactDay,
  compactionPrefixes,
  type DaySummary,
  s3CompactionStore,
} from '../compaction';
import { type MetricsTarget, recordCompaction } from '../metrics';
import { createS3Client } from '../s3';
import type { CompactionJobConfig } from './config';
import { closedDays, isDay } from './days';

/** What a run did to each day, and which days failed (the run then fails too). */
export interface CompactionRunSummary {
  readonly days: readonly DaySummary[];
  readonly failed: readonly { readonly dt: string; readonly error: string }[];
}

/** Thrown after every day was tried, when some failed: the Lambda's Errors metric raises the alarm. */
export class CompactionRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactionRunError';
  }
}

/**
 * The compaction function's logic: on its schedule (an EventBridge event with `time`), the closed
 * days of the lookback window; invoked with `{"dt":"YYYY-MM-DD"}`, that day. Days are compacted one
 * after the other; a day that fails does not stop the others, and the run fails at the end,
 * naming them.
 */
export function createCompactionHandler(
  config: CompactionJobConfig,
  logger: Pick<Logger, 'info' | 'error'>,
  store: CompactionStore = s3CompactionStore(createS3Client(config.s3), config.bucket),
  metrics?: MetricsTarget,
): (event: { readonly time?: string; readonly dt?: unknown }) => Promise<CompactionRunSummary> {
  const prefixes = compactionPrefixes(
    { ticks: config.prefixes.ticks, quarantine: config.prefixes.quarantine },
    config.prefixes.seals,
  );
  return async (event) => {
    if (event.dt !== undefined && !isDay(event.dt)) {
      throw new CompactionRunError(
        `"dt" is ${JSON.stringify(event.dt)}: expected a day such as "2026-12-01"`,
      );
    }
    const at = event.time ? Date.parse(event.time) : Date.now();
    const dts =
      event.dt !== undefined
        ? [event.dt as string]
        : closedDays(at, config.lookbackDays, config.graceMinutes);
    const days: DaySummary[] = [];
    const failed: { dt: string; error: string }[] = [];
    for (const dt of dts) {
      try {
        const summary = await compactDay(store, { dt, topic: config.topic, prefixes });
        days.push(summary);
        logger.info('day compacted', {
          dt,
          topic: config.topic,
          writes: summary.writes,
          deletes: summary.deletes,
          seal: summary.seal?.state,
          partitions: summary.partitions.map((p) => ({
            partition: p.partition,
            action: p.action,
            inputs: p.inputs.length,
            rows: p.output.rows,
            bytes: p.output.bytes,
          })),
        });
      } catch (error) {
        failed.push({ dt, error: (error as Error).message });
        logger.error('day not compacted', { dt, topic: config.topic, error: error as Error });
      }
    }
    if (metrics) recordCompaction(metrics, days, failed.length);
    if (failed.length > 0) {
      throw new CompactionRunError(
        `Compaction failed for ${failed.map((f) => `${f.dt} (${f.error})`).join('; ')}; nothing of those days was deleted before its file was verified, and the next run resumes`,
      );
    }
    return { days, failed };
  };
}
