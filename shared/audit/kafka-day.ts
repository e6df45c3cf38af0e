import type { Admin } from 'kafkajs';

/** What Kafka's log says of one partition for one UTC day. */
export interface PartitionDayLog {
  readonly partition: number;
  /** First offset still in the log (retention removes older ones). */
  readonly low: number;
  /** Next offset to be written. */
  readonly high: number;
  /** First offset whose timestamp is at or after the day's start: the day's first record. */
  readonly dayStart: number;
  /** First offset whose timestamp is at or after the next day's start: one past the day's last record. */
  readonly dayEnd: number;
  /** The sink's committed offset (the next it will read), if its group has one. */
  readonly committed: number | undefined;
}

/** The admin calls a day's log needs: three reads, nothing written. */
export type DayLogAdmin = Pick<Admin, 'fetchTopicOffsets' | 'fetchTopicOffsetsByTimestamp' | 'fetchOffsets'>;

const DAY_MS = 86_400_000;

/**
 * Where a UTC day lies in each partition's log, found by timestamp (Kafka's ListOffsets), and how
 * far the sink's consumer group has read. The producer stamps each record with its tick's
 * event_time, so the day's records are, by timestamp, those in [dayStart, dayEnd) — apart from a
 * record stamped out of order (a late replay), which the next compaction merges and re-seals.
 *
 * @example const log = await kafkaDayLog(admin, 'ticks', 'stock-ticks-sink', '2026-11-30');
 */
export async function kafkaDayLog(
  admin: DayLogAdmin,
  topic: string,
  groupId: string,
  dt: string,
): Promise<PartitionDayLog[]> {
  const startMs = Date.parse(`${dt}T00:00:00.000Z`);
  const [watermarks, starts, ends, groups] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchTopicOffsetsByTimestamp(topic, startMs),
    admin.fetchTopicOffsetsByTimestamp(topic, startMs + DAY_MS),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committed = groups.find((g) => g.topic === topic)?.partitions ?? [];
  const at = (list: readonly { partition: number; offset: string }[], partition: number) =>
    Number(list.find((o) => o.partition === partition)?.offset ?? Number.NaN);
  return watermarks
    .map((w) => {
      const c = at(committed, w.partition);
      return {
        partition: w.partition,
        low: Number(w.low),
        high: Number(w.high),
        dayStart: at(starts, w.partition),
        dayEnd: at(ends, w.partition),
        // kafkajs reports "no committed offset" as -1.
        committed: Number.isFinite(c) && c >= 0 ? c : undefined,
      };
    })
    .sort((a, b) => a.partition - b.partition);
}
