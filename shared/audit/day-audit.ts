import type { CompactionPrefixes, CompactionStore } from '../compaction';
import { type DayLogAdmin, kafkaDayLog, type PartitionDayLog } from './kafka-day';
import { storedOffsetsIn } from './stored-offsets';

export interface OffsetRange {
  readonly first: number;
  readonly last: number;
}

/** One partition's day, Kafka against S3. */
export interface PartitionDayAudit {
  readonly partition: number;
  /** The day's records in the log: [from, to). `from` is past the day's start when retention removed some. */
  readonly from: number;
  readonly to: number;
  readonly committed: number | undefined;
  /** Offsets of [from, to) the sink has committed that S3 lacks: data loss. */
  readonly missing: number;
  readonly gaps: readonly OffsetRange[];
  /** Offsets of [from, to) the sink has not committed yet: still on their way. */
  readonly pending: number;
}

/**
 * A day's audit. `clean`: every record Kafka logged for the day is in S3 (as a tick under some day,
 * or quarantined); `behind`: nothing lost, but the sink has not read the whole day yet; `gap`:
 * committed records are missing from S3.
 */
export interface DayAudit {
  readonly state: 'clean' | 'behind' | 'gap';
  readonly partitions: readonly PartitionDayAudit[];
}

/** Audits one day of a topic: what a seal waits for. */
export type DayAuditor = (dt: string, topic: string) => Promise<DayAudit>;

/**
 * A day's audit against Kafka: each partition's records logged that day (by timestamp) must all be
 * in S3, and the sink's group must have committed past them.
 *
 * @example const audit = kafkaDayAuditor({ admin, groupId: 'stock-ticks-sink', store, prefixes });
 */
export function kafkaDayAuditor(options: {
  readonly admin: DayLogAdmin;
  readonly groupId: string;
  readonly store: CompactionStore;
  readonly prefixes: Pick<CompactionPrefixes, 'ticks' | 'quarantine'>;
}): DayAuditor {
  return async (dt, topic) => {
    const log = await kafkaDayLog(options.admin, topic, options.groupId, dt);
    const windows = log.map((p) => ({
      partition: p.partition,
      from: Math.max(p.dayStart, p.low),
      to: p.dayEnd,
    }));
    const stored = await storedOffsetsIn(
      options.store,
      options.prefixes,
      topic,
      windows.filter((w) => w.from < w.to),
    );
    return judgeDay(log, stored);
  };
}

/** The verdict from the log and the offsets found, partition by partition. */
export function judgeDay(
  log: readonly PartitionDayLog[],
  stored: ReadonlyMap<number, ReadonlySet<number>>,
): DayAudit {
  const partitions = log.map((p): PartitionDayAudit => {
    const from = Math.max(p.dayStart, p.low);
    const to = Math.max(from, p.dayEnd);
    const checkedTo = Math.min(to, p.committed ?? from);
    const present = stored.get(p.partition) ?? new Set<number>();
    const gaps: OffsetRange[] = [];
    let missing = 0;
    for (let offset = from; offset < checkedTo; offset++) {
      if (present.has(offset)) continue;
      missing++;
      const last = gaps[gaps.length - 1];
      if (last && last.last === offset - 1) gaps[gaps.length - 1] = { first: last.first, last: offset };
      else gaps.push({ first: offset, last: offset });
    }
    return {
      partition: p.partition,
      from,
      to,
      committed: p.committed,
      missing,
      gaps,
      pending: to - Math.max(from, checkedTo),
    };
  });
  const state = partitions.some((p) => p.missing > 0)
    ? 'gap'
    : partitions.some((p) => p.pending > 0)
      ? 'behind'
      : 'clean';
  return { state, partitions };
}

/** One line per partition that keeps the day from being sealed. */
export function describeDayAudit(audit: DayAudit): string[] {
  return audit.partitions.flatMap((p) => {
    const lines: string[] = [];
    if (p.missing > 0) {
      const shown = p.gaps
        .slice(0, 3)
        .map((g) => (g.first === g.last ? `${g.first}` : `${g.first}..${g.last}`));
      lines.push(
        `partition ${p.partition}: ${p.missing} committed offset(s) of the day are in no tick or quarantine object (${shown.join(', ')}${p.gaps.length > 3 ? ', …' : ''})`,
      );
    }
    if (p.pending > 0)
      lines.push(
        `partition ${p.partition}: the sink has committed ${p.committed ?? 'nothing'}, ${p.pending} record(s) of the day (up to offset ${p.to - 1}) not read yet`,
      );
    return lines;
  });
}
