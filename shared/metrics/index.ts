/**
 * The pipeline's own CloudWatch metrics, written as embedded metric format (EMF) log lines by
 * Powertools Metrics: no API call, no extra latency, one namespace for the dashboard and alarms.
 * Lambda's own metrics (errors, OffsetLag) count invocations and records; these count ticks and
 * bytes, and freshness: how old the newest tick sunk is, which OffsetLag (in records) cannot say.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ProduceSummary } from '../producer';
import type { SinkSummary } from '../sink';

/** What the compaction metrics read of a day's summary (shared/compaction's DaySummary). */
export interface CompactedDay {
  readonly partitions: readonly {
    readonly action: string;
    readonly inputs: readonly { readonly bytes: number }[];
    readonly output: { readonly bytes: number };
  }[];
  readonly seal?: { readonly state: string } | undefined;
}

/** The namespace of every metric of the stack (POWERTOOLS_METRICS_NAMESPACE overrides it). */
export const METRICS_NAMESPACE = 'StockTicks';

/** The names the dashboard and the alarms refer to. */
export const METRIC_NAMES = {
  ticksProduced: 'TicksProduced',
  ticksSunk: 'TicksSunk',
  ticksQuarantined: 'TicksQuarantined',
  objectsWritten: 'ObjectsWritten',
  bytesWritten: 'BytesWritten',
  freshness: 'FreshnessSeconds',
  compactedPartitions: 'CompactedPartitions',
  compactionInputFiles: 'CompactionInputFiles',
  compactionOutputFiles: 'CompactionOutputFiles',
  compactionBytesBefore: 'CompactionBytesBefore',
  compactionBytesAfter: 'CompactionBytesAfter',
  daysSealed: 'DaysSealed',
  daysUnsealed: 'DaysUnsealed',
  daysFailed: 'CompactionDaysFailed',
} as const;

/** What the recorders need of Powertools' Metrics: a test passes a fake. */
export type MetricsTarget = Pick<Metrics, 'addMetric'>;

/** The function's Metrics, flushed by the `logMetrics` middleware after each invocation. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
  });
}

/** A producer run: the ticks it sent. */
export function recordProduced(metrics: MetricsTarget, summary: Pick<ProduceSummary, 'ticks'>): void {
  metrics.addMetric(METRIC_NAMES.ticksProduced, MetricUnit.Count, summary.ticks);
}

/**
 * A sink batch: ticks written and quarantined, objects and bytes, and freshness, now minus the
 * newest event time written (only when the batch held a tick: an all-quarantined batch says
 * nothing about how current the table is).
 */
export function recordSunk(
  metrics: MetricsTarget,
  summary: Pick<SinkSummary, 'written' | 'quarantined' | 'objects' | 'bytes' | 'newestEventTimeMs'>,
  nowMs: number,
): void {
  metrics.addMetric(METRIC_NAMES.ticksSunk, MetricUnit.Count, summary.written);
  metrics.addMetric(METRIC_NAMES.ticksQuarantined, MetricUnit.Count, summary.quarantined);
  metrics.addMetric(METRIC_NAMES.objectsWritten, MetricUnit.Count, summary.objects);
  metrics.addMetric(METRIC_NAMES.bytesWritten, MetricUnit.Bytes, summary.bytes);
  if (summary.newestEventTimeMs !== undefined) {
    const seconds = Math.max(0, (nowMs - summary.newestEventTimeMs) / 1000);
    metrics.addMetric(METRIC_NAMES.freshness, MetricUnit.Seconds, seconds);
  }
}

/**
 * A compaction run: partitions compacted, their files and bytes before and after (only those
 * compacted now: an unchanged day counts nothing), days sealed anew, days whose seal the audit
 * withheld (the sink not past the day yet), and days that failed (a gap among them).
 */
export function recordCompaction(
  metrics: MetricsTarget,
  days: readonly CompactedDay[],
  failed: number,
): void {
  const compacted = days.flatMap((d) => d.partitions.filter((p) => p.action === 'compacted'));
  metrics.addMetric(METRIC_NAMES.compactedPartitions, MetricUnit.Count, compacted.length);
  metrics.addMetric(
    METRIC_NAMES.compactionInputFiles,
    MetricUnit.Count,
    compacted.reduce((n, p) => n + p.inputs.length, 0),
  );
  metrics.addMetric(METRIC_NAMES.compactionOutputFiles, MetricUnit.Count, compacted.length);
  metrics.addMetric(
    METRIC_NAMES.compactionBytesBefore,
    MetricUnit.Bytes,
    compacted.reduce((n, p) => n + p.inputs.reduce((m, i) => m + i.bytes, 0), 0),
  );
  metrics.addMetric(
    METRIC_NAMES.compactionBytesAfter,
    MetricUnit.Bytes,
    compacted.reduce((n, p) => n + p.output.bytes, 0),
  );
  metrics.addMetric(
    METRIC_NAMES.daysSealed,
    MetricUnit.Count,
    days.filter((d) => d.seal?.state === 'written').length,
  );
  metrics.addMetric(
    METRIC_NAMES.daysUnsealed,
    MetricUnit.Count,
    days.filter((d) => d.seal?.state === 'withheld').length,
  );
  metrics.addMetric(METRIC_NAMES.daysFailed, MetricUnit.Count, failed);
}
