import { describe, expect, it } from 'vitest';
import {
  type DayLogAdmin,
  describeDayAudit,
  judgeDay,
  kafkaDayAuditor,
  kafkaDayLog,
  type PartitionDayLog,
  storedOffsetsIn,
} from '../../../shared/audit';
import {
  DAY,
  logOf,
  memoryBucket,
  PREFIXES,
  quarantine,
  sinkInBatches,
  ticksOf,
} from '../compaction/support';

/**
 * A topic's log as kafkajs's admin reports it: records of (partition, timestamp), offsets in order,
 * the first `deleted` of each partition gone to retention, and the group's committed offsets.
 * fetchTopicOffsetsByTimestamp answers as Kafka's ListOffsets does (the first offset stamped at
 * or after the time; the high watermark when there is none, which kafkajs substitutes for -1).
 */
function fakeAdmin(
  records: readonly { partition: number; timestampMs: number }[],
  committed: ReadonlyMap<number, number>,
  deleted = 0,
): DayLogAdmin & { calls: string[] } {
  const byPartition = new Map<number, number[]>();
  for (const r of records)
    byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.timestampMs]);
  const calls: string[] = [];
  const partitions = [...byPartition.keys()].sort((a, b) => a - b);
  return {
    calls,
    fetchTopicOffsets: async (topic) => {
      calls.push(`offsets ${topic}`);
      return partitions.map((partition) => ({
        partition,
        offset: String(byPartition.get(partition)!.length),
        high: String(byPartition.get(partition)!.length),
        low: String(deleted),
      }));
    },
    fetchTopicOffsetsByTimestamp: async (topic, timestamp) => {
      calls.push(`by time ${topic} ${new Date(timestamp!).toISOString()}`);
      return partitions.map((partition) => {
        const times = byPartition.get(partition)!;
        const at = times.findIndex((t, offset) => offset >= deleted && t >= timestamp!);
        return { partition, offset: String(at === -1 ? times.length : at) };
      });
    },
    fetchOffsets: async ({ groupId, topics }) => {
      calls.push(`group ${groupId} ${topics?.join(',')}`);
      return [
        {
          topic: topics![0]!,
          partitions: partitions.map((partition) => ({
            partition,
            offset: String(committed.get(partition) ?? -1),
            metadata: null,
          })),
        },
      ];
    },
  } as DayLogAdmin & { calls: string[] };
}

const at = (time: string) => Date.parse(`${time}Z`);
/** Partition 0: 2 records the day before, 5 of the day, 1 the day after. */
const RECORDS = [
  ...['2025-06-30T23:59:58', '2025-06-30T23:59:59'].map((t) => ({ partition: 0, timestampMs: at(t) })),
  ...[0, 1, 2, 3, 4].map((s) => ({ partition: 0, timestampMs: at(`2025-07-01T12:00:0${s}`) })),
  { partition: 0, timestampMs: at('2025-07-02T00:00:00') },
];

describe('kafkaDayLog', () => {
  it("finds the day's records by timestamp, the watermarks and the group's committed offset", async () => {
    const admin = fakeAdmin(RECORDS, new Map([[0, 8]]));

    const log = await kafkaDayLog(admin, 'ticks', 'stock-ticks-sink', DAY);

    expect(log).toEqual([{ partition: 0, low: 0, high: 8, dayStart: 2, dayEnd: 7, committed: 8 }]);
    expect(admin.calls).toContain('by time ticks 2025-07-01T00:00:00.000Z');
    expect(admin.calls).toContain('by time ticks 2025-07-02T00:00:00.000Z');
    expect(admin.calls).toContain('group stock-ticks-sink ticks');
  });

  it('reports a group that knows nothing of the topic as having committed nothing', async () => {
    const admin = { ...fakeAdmin(RECORDS, new Map()), fetchOffsets: async () => [] } as DayLogAdmin;
    const log = await kafkaDayLog(admin, 'ticks', 'g', DAY);
    expect(log[0]!.committed).toBeUndefined();
  });

  it('reports a group that has committed nothing as no offset, and a day not over yet as ending at the high watermark', async () => {
    const log = await kafkaDayLog(fakeAdmin(RECORDS.slice(0, 7), new Map()), 'ticks', 'g', DAY);
    expect(log).toEqual([{ partition: 0, low: 0, high: 7, dayStart: 2, dayEnd: 7, committed: undefined }]);
  });
});

const dayLog = (overrides: Partial<PartitionDayLog> = {}): PartitionDayLog => ({
  partition: 0,
  low: 0,
  high: 10,
  dayStart: 2,
  dayEnd: 7,
  committed: 10,
  ...overrides,
});

describe('judgeDay', () => {
  it('is clean when every record of the day is stored and the group is past them', () => {
    const audit = judgeDay([dayLog()], new Map([[0, new Set([2, 3, 4, 5, 6])]]));
    expect(audit).toEqual({
      state: 'clean',
      partitions: [{ partition: 0, from: 2, to: 7, committed: 10, missing: 0, gaps: [], pending: 0 }],
    });
    expect(describeDayAudit(audit)).toEqual([]);
  });

  it('finds a gap among committed records, and names it', () => {
    const audit = judgeDay([dayLog()], new Map([[0, new Set([2, 5])]]));
    expect(audit.state).toBe('gap');
    expect(audit.partitions[0]).toMatchObject({
      missing: 3,
      gaps: [
        { first: 3, last: 4 },
        { first: 6, last: 6 },
      ],
    });
    expect(describeDayAudit(audit)).toEqual([
      'partition 0: 3 committed offset(s) of the day are in no tick or quarantine object (3..4, 6)',
    ]);
  });

  it('names at most three gaps, and a group that has committed nothing', () => {
    const audit = judgeDay(
      [dayLog({ dayEnd: 10 }), dayLog({ partition: 1, committed: undefined })],
      new Map([[0, new Set([3, 5, 7])]]),
    );
    expect(describeDayAudit(audit)).toEqual([
      'partition 0: 5 committed offset(s) of the day are in no tick or quarantine object (2, 4, 6, …)',
      'partition 1: the sink has committed nothing, 5 record(s) of the day (up to offset 6) not read yet',
    ]);
  });

  it('is behind, not a gap, while the group has not read the day to its end', () => {
    const audit = judgeDay([dayLog({ committed: 5 })], new Map([[0, new Set([2, 3, 4])]]));
    expect(audit.state).toBe('behind');
    expect(audit.partitions[0]).toMatchObject({ missing: 0, pending: 2 });
    expect(describeDayAudit(audit)).toEqual([
      'partition 0: the sink has committed 5, 2 record(s) of the day (up to offset 6) not read yet',
    ]);
    expect(judgeDay([dayLog({ committed: undefined })], new Map()).partitions[0]).toMatchObject({
      missing: 0,
      pending: 5,
    });
  });

  it('checks only what retention left, and a partition with nothing that day is clean', () => {
    const audit = judgeDay(
      [dayLog({ low: 4 }), dayLog({ partition: 1, dayStart: 9, dayEnd: 9 })],
      new Map([[0, new Set([4, 5, 6])]]),
    );
    expect(audit.state).toBe('clean');
    expect(audit.partitions.map((p) => [p.from, p.to])).toEqual([
      [4, 7],
      [9, 9],
    ]);
  });
});

describe('storedOffsetsIn and kafkaDayAuditor', () => {
  /** A day sunk in batches of 50 over 3 partitions, with two records quarantined on partition 1. */
  function sunkDay() {
    const log = logOf(ticksOf(0, 30));
    const bucket = memoryBucket();
    sinkInBatches(bucket.objects, log, 50);
    const size = (p: number) => log.filter((r) => r.at.partition === p).length;
    quarantine(bucket.objects, [
      { partition: 1, offset: size(1) },
      { partition: 1, offset: size(1) + 1 },
    ]);
    return { log, bucket, size };
  }

  it("reads only the objects whose names meet a window, and only the window's offsets", async () => {
    const { bucket } = sunkDay();

    const found = await storedOffsetsIn(bucket.store, PREFIXES, 'ticks', [
      { partition: 0, from: 10, to: 20 },
    ]);

    expect([...found.get(0)!].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const opened = bucket.calls.filter((c) => c.op === 'get').map((c) => c.key);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((key) => /\/ticks-0-/.test(key))).toBe(true);
  });

  it('skips objects of other partitions and topics, and objects gone since the listing', async () => {
    const { bucket } = sunkDay();
    const [first] = [...bucket.objects.keys()].filter((k) => /\/ticks-0-/.test(k));
    const store = {
      ...bucket.store,
      get: async (key: string) => (key === first ? undefined : bucket.store.get(key)),
    };

    const found = await storedOffsetsIn(store, PREFIXES, 'ticks', [{ partition: 0, from: 0, to: 1_000 }]);
    const other = await storedOffsetsIn(bucket.store, PREFIXES, 'other-topic', [
      { partition: 0, from: 0, to: 1_000 },
    ]);

    expect(found.get(0)!.size).toBeGreaterThan(0);
    expect(found.get(0)!.has(0)).toBe(false);
    expect(other.get(0)!.size).toBe(0);
  });

  it('is clean over ticks and quarantined records of a day the sink has read, and finds a lost object', async () => {
    const { log, bucket, size } = sunkDay();
    const records = [0, 1, 2].flatMap((partition) => [
      ...log
        .filter((r) => r.at.partition === partition)
        .map((r) => ({ partition, timestampMs: Date.parse(r.tick.event_time) })),
      ...(partition === 1 ? [0, 1].map(() => ({ partition, timestampMs: at('2025-07-01T12:00:40') })) : []),
    ]);
    const committed = new Map([0, 1, 2].map((p) => [p, size(p) + (p === 1 ? 2 : 0)]));
    const audit = kafkaDayAuditor({
      admin: fakeAdmin(records, committed),
      groupId: 'stock-ticks-sink',
      store: bucket.store,
      prefixes: PREFIXES,
    });

    const clean = await audit(DAY, 'ticks');
    expect(clean.state).toBe('clean');
    expect(clean.partitions.map((p) => [p.from, p.to])).toEqual([0, 1, 2].map((p) => [0, committed.get(p)]));

    const lost = [...bucket.objects.keys()].find((k) => /\/ticks-2-/.test(k))!;
    bucket.objects.delete(lost);
    const gap = await audit(DAY, 'ticks');
    expect(gap.state).toBe('gap');
    expect(gap.partitions[2]!.missing).toBeGreaterThan(0);
  });
});
