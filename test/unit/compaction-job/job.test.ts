import { describe, expect, it } from 'vitest';
import type { CompactionStore } from '../../../shared/compaction';
import {
  CompactionRunError,
  closedDays,
  createCompactionHandler,
  isDay,
  loadCompactionJobConfig,
} from '../../../shared/compaction-job';
import { ConfigError } from '../../../shared/config';
import { recordCompaction } from '../../../shared/metrics';

const config = loadCompactionJobConfig({ TICKS_BUCKET: 'my-ticks-bucket' });

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

const silent = { info: () => undefined, error: () => undefined };

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
  it('has defaults for everything but the bucket', () => {
    expect(config).toMatchObject({
      bucket: 'my-ticks-bucket',
      topic: 'ticks',
      prefixes: { ticks: 'ticks/', quarantine: 'quarantine/', seals: 'seals/' },
      lookbackDays: 3,
      graceMinutes: 60,
    });
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
    const run = await createCompactionHandler(config, silent, store)({ time: '2026-12-02T01:00:00Z' });
    expect(run.days.map((d) => d.dt)).toEqual(['2026-12-01', '2026-11-30', '2026-11-29']);
    expect(run.failed).toEqual([]);
    expect(listed).toContain('ticks/dt=2026-12-01/');
    // An empty day writes and deletes nothing, and has no seal.
    expect(run.days.every((d) => d.writes === 0 && d.deletes === 0 && d.seal === undefined)).toBe(true);
  });

  it('compacts the one day it is asked for, and refuses what is not a day', async () => {
    const { store } = emptyStore();
    const handler = createCompactionHandler(config, silent, store);
    expect((await handler({ dt: '2025-07-01' })).days.map((d) => d.dt)).toEqual(['2025-07-01']);
    await expect(handler({ dt: '2025-7-1' })).rejects.toThrow(
      '"dt" is "2025-7-1": expected a day such as "2026-12-01"',
    );
  });

  it('tries every day, then fails naming the ones that failed, and counts them', async () => {
    const { store } = emptyStore('dt=2026-11-30');
    const added: [string, number][] = [];
    const handler = createCompactionHandler(config, silent, store, {
      addMetric: (name: string, _unit: string, value: number) => added.push([name, value]),
    } as never);
    const run = handler({ time: '2026-12-02T01:00:00Z' });
    await expect(run).rejects.toThrow(CompactionRunError);
    await expect(handler({ time: '2026-12-02T01:00:00Z' })).rejects.toThrow(
      /Compaction failed for 2026-11-30 \(SlowDown/,
    );
    expect(added).toContainEqual(['CompactionDaysFailed', 1]);
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
      ['CompactionDaysFailed', 0],
    ]);
  });
});
