import type { SealCheck } from '../../shared/compaction';
import type { PartitionOffsets, TopicOffsets } from './s3-offsets';

/** What Kafka says of one partition. */
export interface KafkaPartitionState {
  readonly partition: number;
  /** First offset still in the log. */
  readonly low: number;
  /** Next offset to be written. */
  readonly high: number;
  /** The sink's committed offset (next to read), if its group has one. */
  readonly committed: number | undefined;
}

export interface OffsetRange {
  readonly first: number;
  readonly last: number;
}

export interface PartitionReport {
  readonly partition: number;
  readonly kafka: KafkaPartitionState;
  /** The offsets S3 must hold: [low, committed) — or [low, high) when nothing is committed yet. */
  readonly expected: OffsetRange | undefined;
  readonly objects: number;
  readonly ticks: number;
  readonly quarantined: number;
  /** Offsets stored more than once (as rows; the `ticks` view shows each once). */
  readonly duplicated: number;
  /** Offsets stored both as a tick and in quarantine: never expected. */
  readonly inBoth: number;
  /** Expected offsets S3 lacks. */
  readonly gaps: readonly OffsetRange[];
  readonly missing: number;
  /** Committed-but-unseen and produced-but-uncommitted offsets: records still on their way. */
  readonly pending: number;
}

export interface AuditReport {
  readonly topic: string;
  readonly partitions: readonly PartitionReport[];
  /** Objects of the topic in a format the sink does not write (see StoredOffsets). */
  readonly unreadable: readonly string[];
  /** Every seal of the topic checked against the objects its day now holds (shared/compaction). */
  readonly seals: readonly SealCheck[];
  /** No gap, and every sealed day still exactly as sealed. */
  readonly ok: boolean;
}

/**
 * Compares what S3 holds with what Kafka holds, partition by partition. Every offset the sink's
 * group has committed must be in S3 exactly once as a tick or a quarantined record; a missing one
 * is a gap (data loss), an offset stored twice is an overlap (harmless for the view, reported).
 * A sealed day that no longer matches its seal (a late redelivery, say) is not data loss, but it
 * fails the audit too: it is what the seal promised would not happen unnoticed.
 */
export function reconcile(
  topic: string,
  kafka: readonly KafkaPartitionState[],
  s3: TopicOffsets,
  unreadable: readonly string[] = [],
  seals: readonly SealCheck[] = [],
): AuditReport {
  const partitions = kafka.map((k) => reportPartition(k, s3.get(k.partition)));
  return {
    topic,
    partitions,
    unreadable,
    seals,
    ok: noGap(partitions) && seals.every((s) => s.ok),
  };
}

function noGap(partitions: readonly PartitionReport[]): boolean {
  return partitions.every((p) => p.missing === 0 && p.inBoth === 0);
}

function reportPartition(kafka: KafkaPartitionState, stored: PartitionOffsets | undefined): PartitionReport {
  const ticks = stored?.ticks ?? new Map<number, number>();
  const quarantined = stored?.quarantined ?? new Map<number, number>();
  const end = kafka.committed ?? kafka.high;
  const expected = end > kafka.low ? { first: kafka.low, last: end - 1 } : undefined;
  const gaps: OffsetRange[] = [];
  let missing = 0;
  if (expected) {
    let gapStart: number | undefined;
    for (let offset = expected.first; offset <= expected.last + 1; offset++) {
      const present = offset <= expected.last && (ticks.has(offset) || quarantined.has(offset));
      if (!present && offset <= expected.last) {
        gapStart ??= offset;
        missing++;
      } else if (gapStart !== undefined) {
        gaps.push({ first: gapStart, last: offset - 1 });
        gapStart = undefined;
      }
    }
  }
  let duplicated = 0;
  let inBoth = 0;
  for (const [offset, n] of ticks) {
    if (n > 1) duplicated++;
    if (quarantined.has(offset)) inBoth++;
  }
  for (const n of quarantined.values()) if (n > 1) duplicated++;
  return {
    partition: kafka.partition,
    kafka,
    expected,
    objects: stored?.objects ?? 0,
    ticks: ticks.size,
    quarantined: quarantined.size,
    duplicated,
    inBoth,
    gaps,
    missing,
    pending: Math.max(0, kafka.high - end),
  };
}

/** A human-readable report. */
export function formatAudit(report: AuditReport): string {
  const lines = [`topic ${report.topic}`];
  for (const p of report.partitions) {
    const range = p.expected ? `${p.expected.first}..${p.expected.last}` : 'none';
    const gaps = p.gaps.slice(0, 5).map((g) => (g.first === g.last ? `${g.first}` : `${g.first}..${g.last}`));
    lines.push(
      `  partition ${p.partition}: kafka ${p.kafka.low}..${p.kafka.high - 1} committed ${p.kafka.committed ?? 'none'} | ` +
        `expected ${range} | ${p.objects} objects, ${p.ticks} ticks, ${p.quarantined} quarantined | ` +
        `duplicated ${p.duplicated}, in both ${p.inBoth} | missing ${p.missing}` +
        (gaps.length > 0 ? ` (gaps ${gaps.join(', ')}${p.gaps.length > 5 ? ', …' : ''})` : '') +
        (p.pending > 0 ? ` | pending ${p.pending}` : ''),
    );
  }
  if (report.unreadable.length > 0) {
    lines.push(
      `  ${report.unreadable.length} objects of this topic are not in the format the sink writes, so neither ` +
        `SQL nor this audit reads them (first: ${report.unreadable[0]}). Tick objects are Parquet ` +
        '(.parquet) since version 0.2; .json.gz tick objects come from an earlier version. To start the ' +
        'local stack afresh: npm run local:down, then delete the s3 and kafka folders of .local (or LOCAL_DIR).',
    );
  }
  lines.push(...formatSeals(report.seals));
  const changed = report.seals.filter((s) => !s.ok);
  lines.push(
    !noGap(report.partitions)
      ? 'GAP: see missing above'
      : changed.length > 0
        ? `SEALED DAY CHANGED: no gap, but ${changed.length} sealed day(s) no longer match their seal (see above); ` +
          `npm run compact -- --date ${changed[0]!.dt} merges what came late and re-seals`
        : 'OK: no gap — every committed offset is in S3 as a tick or a quarantined record (rows stored twice are collapsed by the ticks view)',
  );
  return lines.join('\n');
}

/** The seals section: one line for the days that match, one per day that does not. */
function formatSeals(seals: readonly SealCheck[]): string[] {
  if (seals.length === 0) return [];
  const good = seals.filter((s) => s.ok).map((s) => s.dt);
  const lines = [
    `  seals: ${seals.length} sealed day(s), ${good.length} exactly as sealed` +
      (good.length > 0 ? ` (${good[0]}${good.length > 1 ? ` .. ${good[good.length - 1]}` : ''})` : ''),
  ];
  for (const s of seals.filter((x) => !x.ok)) {
    const what = s.unreadable
      ? [`the seal cannot be read: ${s.unreadable}`]
      : [
          s.unlisted.length > 0
            ? `${s.unlisted.length} tick object(s) not in the seal (first: ${s.unlisted[0]})`
            : '',
          s.missing.length > 0 ? `${s.missing.length} sealed file(s) gone (first: ${s.missing[0]})` : '',
          s.altered.length > 0
            ? `${s.altered.length} sealed file(s) altered (first: ${s.altered[0]!.key}: ${s.altered[0]!.why})`
            : '',
        ].filter(Boolean);
    lines.push(`  seal ${s.dt}: CHANGED after its seal: ${what.join('; ')}`);
  }
  return lines;
}
