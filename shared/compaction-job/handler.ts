import type { Logger } from '@aws-lambda-powertools/logger';
import { type DayAuditor, kafkaDayAuditor } from '../audit';
import {
  auditFoundGap,
  type CompactionPrefixes,
  type CompactionStore,
  compactDay,
  compactionPrefixes,
  type DaySummary,
  s3CompactionStore,
} from '../compaction';
import { connectionHint, createKafka, type KafkaLogTarget } from '../kafka';
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

/** A connection to the sink's cluster for one run, and the day audit it serves. */
export interface AuditSession {
  readonly audit: DayAuditor;
  close(): Promise<void>;
}

/** What the handler talks to; defaults are the bucket and the cluster of its configuration. */
export interface CompactionDeps {
  readonly store?: CompactionStore;
  /** Opens the audit for a run (default: a kafkajs admin on the configured cluster). */
  readonly openAudit?: (store: CompactionStore) => Promise<AuditSession>;
  readonly metrics?: MetricsTarget;
  /** Where kafkajs logs go. */
  readonly kafkaLog?: KafkaLogTarget;
}

/**
 * The compaction function's logic: on its schedule (an EventBridge event with `time`), the closed
 * days of the lookback window; invoked with `{"dt":"YYYY-MM-DD"}`, that day. Days are compacted one
 * after the other, then audited against the sink's cluster and sealed when the audit is clean. A
 * day that fails (a gap among them: committed records missing from S3) does not stop the others,
 * and the run fails at the end, naming them. A day the sink has not read to its end is left
 * unsealed, and a later run seals it.
 */
export function createCompactionHandler(
  config: CompactionJobConfig,
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  deps: CompactionDeps = {},
): (event: { readonly time?: string; readonly dt?: unknown }) => Promise<CompactionRunSummary> {
  const prefixes = compactionPrefixes(
    { ticks: config.prefixes.ticks, quarantine: config.prefixes.quarantine },
    config.prefixes.seals,
  );
  const store = deps.store ?? s3CompactionStore(createS3Client(config.s3), config.bucket);
  const openAudit =
    deps.openAudit ?? ((s: CompactionStore) => openKafkaAudit(config, s, prefixes, deps.kafkaLog));
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
    const session = await openAudit(store);
    try {
      for (const dt of dts) {
        try {
          const summary = await compactDay(store, {
            dt,
            topic: config.topic,
            prefixes,
            audit: session.audit,
          });
          days.push(summary);
          logDay(logger, config.topic, summary);
          if (auditFoundGap(summary) && summary.seal?.state === 'withheld')
            failed.push({ dt, error: `records missing from S3: ${summary.seal.reasons.join('; ')}` });
        } catch (error) {
          failed.push({ dt, error: (error as Error).message });
          logger.error('day not compacted', { dt, topic: config.topic, error: error as Error });
        }
      }
    } finally {
      await session.close();
    }
    if (deps.metrics) recordCompaction(deps.metrics, days, failed.length);
    if (failed.length > 0) {
      throw new CompactionRunError(
        `Compaction failed for ${failed.map((f) => `${f.dt} (${f.error})`).join('; ')}; nothing of those days was deleted before its file was verified, and the next run resumes`,
      );
    }
    return { days, failed };
  };
}

function logDay(logger: Pick<Logger, 'info' | 'warn'>, topic: string, summary: DaySummary): void {
  const fields = {
    dt: summary.dt,
    topic,
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
  };
  if (summary.seal?.state === 'withheld')
    logger.warn('day compacted, not sealed', { ...fields, reasons: summary.seal.reasons });
  else logger.info('day compacted', fields);
}

/** A kafkajs admin on the sink's cluster, connected for one run. */
async function openKafkaAudit(
  config: CompactionJobConfig,
  store: CompactionStore,
  prefixes: CompactionPrefixes,
  log: KafkaLogTarget | undefined,
): Promise<AuditSession> {
  const admin = (await createKafka(config.kafka, log ? { log } : {})).admin();
  try {
    await admin.connect();
  } catch (error) {
    const hint = connectionHint((error as Error).message, config.kafka.auth);
    throw new CompactionRunError(
      `Cannot reach the sink's Kafka cluster to audit the days before sealing them (${(error as Error).message})${hint ? `: ${hint}` : ''}. Nothing was compacted or deleted.`,
      { cause: error },
    );
  }
  return {
    audit: kafkaDayAuditor({ admin, groupId: config.consumerGroup, store, prefixes }),
    close: () => admin.disconnect(),
  };
}
