import { describe, expect, it } from 'vitest';
import type { DayAudit } from '../../../shared/audit';
import type { CompactionStore } from '../../../shared/compaction';
import type { AuditSession } from '../../../shared/compaction-job';
import {
  CompactionRunError,
  closedDays,
  createCompactionHandler,
  isDay,
  loadCompactionJobConfig,
} from '../../../shared/compaction-job';
import { ConfigError } from '../../../shared/config';
import { recordCompaction } from '../../../shared/metrics';
import { DAY, logOf, memoryBucket, sinkInBatches, ticksOf } from '../compaction/support';

const REQUIRED = {
  TICKS_BUCKET: 'my-ticks-bucket',
  KAFKA_AUTH: 'plaintext',
  KAFKA_BROKERS: '127.0.0.1:29092',
  KAFKA_CONSUMER_GROUP: 'stock-ticks-sink',
};
const config = loadCompactionJobConfig(REQUIRED);

/** An audit session that never finds anything to check, and says whether it was closed. */
function quietAudit() {
  const state = { opened: 0, closed: 0 };
  const openAudit = async (): Promise<AuditSession> => {
    state.opened++;
    return {
      audit: async () => ({ state: 'clean', partitions: [] }),
      close: async () => {
        state.closed++;
      },
    };
  };
  return { openAudit, state };
}

/** An empty bucket that records what it was asked; `failOn` makes listing a prefix fail. */
function emptyStore(failOn?: string) {
  const listed: string[] = [];
  const store: CompactionStore = {
    list(prefix) {
      listed.push(prefix);
      // An empty listing, or a failing one for the day asked to fail.
      return (async function* () {
        if (failOn && prefix.includes(failOn)) throw new Error('SlowDown: please reduce your request rate');
        yield* [];
      })();
    },
    get: async () => undefined,
    put: async () => {
      throw new Error('nothing to put in an empty day');
    },
    delete: async () => {
      throw new Error('nothing to delete in an empty day');
    },
  };
  return { store, listed };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('closedDays', () => {
  it('takes the days before the newest one that closed at least the grace period ago', () => {
    expect(closedDays(Date.parse('2026-12-02T01:00:00Z'), 3, 60)).toEqual([
      '2026-12-01',
      '2026-11-30',
      '2026-11-29',
    ]);
    // 00:59 with an hour of grace: yesterday is not closed long enough yet.
    expect(closedDays(Date.parse('2026-12-02T00:59:00Z'), 1, 60)).toEqual(['2026-11-30']);
  });

  it('tells a real day from anything else', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('yesterday')).toBe(false);
    expect(isDay(20261201)).toBe(false);
  });
});

describe('loadCompactionJobConfig', () => {
  it('has defaults for everything but the bucket, the cluster and the sink group', () => {
    expect(config).toMatchObject({
      bucket: 'my-ticks-bucket',
      topic: 'ticks',
      prefixes: { ticks: 'ticks/', quarantine: 'quarantine/', seals: 'seals/' },
      lookbackDays: 3,
      graceMinutes: 60,
      consumerGroup: 'stock-ticks-sink',
      kafka: { auth: 'plaintext', brokers: ['127.0.0.1:29092'], clientId: 'compact-ticks' },
    });
  });

  it('needs the cluster and the sink group, since it audits each day before sealing it', () => {
    const load = () => loadCompactionJobConfig({ TICKS_BUCKET: 'my-ticks-bucket' });
    expect(load).toThrow(/KAFKA_AUTH[\s\S]*KAFKA_BROKERS[\s\S]*KAFKA_CONSUMER_GROUP/);
  });

  it('names every bad variable at once', () => {
    const load = () => loadCompactionJobConfig({ COMPACTION_LOOKBACK_DAYS: '0', SEALS_PREFIX: '/seals' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TICKS_BUCKET[\s\S]*SEALS_PREFIX[\s\S]*COMPACTION_LOOKBACK_DAYS/);
  });
});

describe('createCompactionHandler', () => {
  it('on its schedule looks at each closed day of the window, under the ticks prefix', async () => {
    const { store, listed } = emptyStore();
    const audit = quietAudit();
    const run = await createCompactionHandler(config, silent, { store, openAudit: audit.openAudit })({
      time: '2026-12-02T01:00:00Z',
    });
    expect(audit.state).toEqual({ opened: 1, closed: 1 });
    expect(run.days.map((d) => d.dt)).toEqual(['2026-12-01', '2026-11-30', '2026-11-29']);
    expect(run.failed).toEqual([]);
    expect(listed).toContain('ticks/dt=2026-12-01/');
    // An empty day writes and deletes nothing, and has no seal.
    expect(run.days.every((d) => d.writes === 0 && d.deletes === 0 && d.seal === undefined)).toBe(true);
  });

  it('compacts the one day it is asked for, and refuses what is not a day', async () => {
    const { store } = emptyStore();
    const handler = createCompactionHandler(config, silent, { store, openAudit: quietAudit().openAudit });
    expect((await handler({ dt: '2025-07-01' })).days.map((d) => d.dt)).toEqual(['2025-07-01']);
    await expect(handler({ dt: '2025-7-1' })).rejects.toThrow(
      '"dt" is "2025-7-1": expected a day such as "2026-12-01"',
    );
  });

  it('tries every day, then fails naming the ones that failed, and counts them', async () => {
    const { store } = emptyStore('dt=2026-11-30');
    const added: [string, number][] = [];
    const handler = createCompactionHandler(config, silent, {
      store,
      openAudit: quietAudit().openAudit,
      metrics: {
        addMetric: (name: string, _unit: string, value: number) => added.push([name, value]),
      } as never,
    });
    const run = handler({ time: '2026-12-02T01:00:00Z' });
    await expect(run).rejects.toThrow(CompactionRunError);
    await expect(handler({ time: '2026-12-02T01:00:00Z' })).rejects.toThrow(
      /Compaction failed for 2026-11-30 \(SlowDown/,
    );
    expect(added).toContainEqual(['CompactionDaysFailed', 1]);
  });
});

describe('createCompactionHandler, sealing', () => {
  /** A day with ticks on three partitions, and an audit of it that says `state`. */
  function dayWithAudit(state: DayAudit['state']) {
    const bucket = memoryBucket();
    sinkInBatches(bucket.objects, logOf(ticksOf(0, 10)), 40);
    const openAudit = async (): Promise<AuditSession> => ({
      audit: async () => ({
        state,
        partitions: [0, 1, 2].map((partition) => ({
          partition,
          from: 0,
          to: 100,
          committed: state === 'behind' ? 50 : 100,
          missing: state === 'gap' ? 1 : 0,
          gaps: state === 'gap' ? [{ first: 60, last: 60 }] : [],
          pending: state === 'behind' ? 50 : 0,
        })),
      }),
      close: async () => undefined,
    });
    const added: [string, number][] = [];
    const warnings: unknown[] = [];
    const handler = createCompactionHandler(
      config,
      { ...silent, warn: (...args: unknown[]) => void warnings.push(args) },
      {
        store: bucket.store,
        openAudit,
        metrics: {
          addMetric: (name: string, _unit: string, value: number) => added.push([name, value]),
        } as never,
      },
    );
    return { bucket, handler, added, warnings };
  }

  it('seals a day whose audit is clean', async () => {
    const { bucket, handler, added } = dayWithAudit('clean');
    const run = await handler({ dt: DAY });
    expect(run.days[0]!.seal?.state).toBe('written');
    expect(bucket.objects.has(`seals/dt=${DAY}/ticks.json`)).toBe(true);
    expect(added).toContainEqual(['DaysSealed', 1]);
  });

  it('leaves a day the sink has not read to its end unsealed, warns and counts it, and does not fail', async () => {
    const { bucket, handler, added, warnings } = dayWithAudit('behind');
    const run = await handler({ dt: DAY });
    expect(run.days[0]!.seal?.state).toBe('withheld');
    expect(bucket.objects.has(`seals/dt=${DAY}/ticks.json`)).toBe(false);
    expect(added).toContainEqual(['DaysUnsealed', 1]);
    expect(added).toContainEqual(['CompactionDaysFailed', 0]);
    expect(warnings).toEqual([['day compacted, not sealed', expect.objectContaining({ dt: DAY })]]);
  });

  it('fails the run on a gap: committed records missing from S3 raise the alarm', async () => {
    const { handler, added } = dayWithAudit('gap');
    await expect(handler({ dt: DAY })).rejects.toThrow(
      /Compaction failed for 2025-07-01 \(records missing from S3: partition 0: 1 committed offset\(s\) of the day are in no tick or quarantine object \(60\)/,
    );
    expect(added).toContainEqual(['CompactionDaysFailed', 1]);
  });

  it('fails at once, compacting nothing, when the cluster cannot be reached', async () => {
    const bucket = memoryBucket();
    sinkInBatches(bucket.objects, logOf(ticksOf(0, 10)), 40);
    const before = new Map(bucket.objects);
    const unreachable = loadCompactionJobConfig({
      ...REQUIRED,
      KAFKA_BROKERS: '127.0.0.1:1',
      KAFKA_CONNECTION_TIMEOUT_MS: '200',
    });
    const quiet = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const handler = createCompactionHandler(unreachable, silent, { store: bucket.store, kafkaLog: quiet });
    await expect(handler({ dt: DAY })).rejects.toThrow(
      /^Cannot reach the sink's Kafka cluster to audit the days before sealing them \(.+\).*Nothing was compacted or deleted\.$/s,
    );
    expect(bucket.objects).toEqual(before);
  });
});

describe('recordCompaction', () => {
  it('counts only partitions compacted now, their files and bytes, and days sealed anew', () => {
    const added: [string, number][] = [];
    recordCompaction(
      { addMetric: (name: string, _unit: string, value: number) => added.push([name, value]) } as never,
      [
        {
          partitions: [
            { action: 'compacted', inputs: [{ bytes: 100 }, { bytes: 50 }], output: { bytes: 60 } },
            { action: 'unchanged', inputs: [{ bytes: 60 }], output: { bytes: 60 } },
          ],
          seal: { state: 'written' },
        },
        { partitions: [], seal: { state: 'unchanged' } },
      ],
      0,
    );
    expect(added).toEqual([
      ['CompactedPartitions', 1],
      ['CompactionInputFiles', 2],
      ['CompactionOutputFiles', 1],
      ['CompactionBytesBefore', 150],
      ['CompactionBytesAfter', 60],
      ['DaysSealed', 1],
      ['DaysUnsealed', 0],
      ['CompactionDaysFailed', 0],
    ]);
  });
});
