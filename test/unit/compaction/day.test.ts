import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { DayAuditor } from '../../../shared/audit';
import {
  CompactionError,
  type CompactionStore,
  ConcurrentChangeError,
  checkSeals,
  compactDay,
  ForeignObjectError,
  parseSeal,
  sealKey,
  VerificationError,
} from '../../../shared/compaction';
import { readTickRows } from '../../../shared/compaction/rows';
import { encodeTicksParquet, parseObjectKey } from '../../../shared/sink';
import { type StoredTick, TICK_COLUMNS } from '../../../shared/tick';
import {
  cleanAudit,
  DAY,
  logOf,
  memoryBucket,
  PREFIXES,
  quarantine,
  sinkBatch,
  sinkInBatches,
  tickKeys,
  ticksOf,
} from './support';

const NOW = () => new Date('2025-07-02T00:30:00.000Z');
const request = { dt: DAY, topic: 'ticks', prefixes: PREFIXES, now: NOW, audit: cleanAudit };

/**
 * A day as at-least-once delivery leaves it: 60 s of every symbol over 3 partitions sunk in
 * batches of 100, a batch redelivered cut differently (copies under other keys), a producer run
 * retried (the first 14 ticks again at new offsets), and 3 quarantined records.
 */
function messyDay() {
  const next = new Map<number, number>();
  const log = [...logOf(ticksOf(0, 60), 3, 'ticks', next), ...logOf(ticksOf(0, 1), 3, 'ticks', next)];
  const objects = new Map<string, Uint8Array>();
  sinkInBatches(objects, log, 100);
  sinkBatch(objects, log.slice(30, 250));
  quarantine(objects, [
    { partition: 0, offset: 1000 },
    { partition: 0, offset: 1001 },
    { partition: 2, offset: 1000 },
  ]);
  return { log, objects };
}

/** partition -> offsets held by the day's tick objects, and how many rows hold each. */
async function storedOffsets(
  objects: ReadonlyMap<string, Uint8Array>,
): Promise<Map<number, Map<number, number>>> {
  const result = new Map<number, Map<number, number>>();
  for (const key of tickKeys(objects)) {
    for (const row of await readTickRows(objects.get(key)!, key)) {
      const counts = result.get(row.at.partition) ?? new Map<number, number>();
      counts.set(row.at.offset, (counts.get(row.at.offset) ?? 0) + 1);
      result.set(row.at.partition, counts);
    }
  }
  return result;
}

const offsetSets = async (objects: ReadonlyMap<string, Uint8Array>) =>
  new Map(
    [...(await storedOffsets(objects))].map(([p, counts]) => [p, [...counts.keys()].sort((a, b) => a - b)]),
  );

const expectedOffsets = (log: readonly StoredTick[]) => {
  const m = new Map<number, number[]>();
  for (const row of log) m.set(row.at.partition, [...(m.get(row.at.partition) ?? []), row.at.offset]);
  return new Map([...m].map(([p, o]) => [p, o.sort((a, b) => a - b)]));
};

describe('compactDay', () => {
  it('leaves one file per partition holding each offset once, sorted, and seals the day', async () => {
    // Prepare
    const { log, objects } = messyDay();
    const bucket = memoryBucket(objects);
    const before = tickKeys(bucket.objects).length;

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    const keys = tickKeys(bucket.objects);
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => parseObjectKey('ticks/', k, 'ticks')?.compacted)).toBe(true);
    const stored = await storedOffsets(bucket.objects);
    expect([...stored.values()].every((counts) => [...counts.values()].every((n) => n === 1))).toBe(true);
    expect(await offsetSets(bucket.objects)).toEqual(expectedOffsets(log));
    expect(summary.deletes).toBe(before);
    expect(summary.writes).toBe(4);
    expect(summary.partitions.reduce((n, p) => n + p.tickIdRepeats, 0)).toBe(14);
    expect(summary.partitions.reduce((n, p) => n + p.copiesDropped, 0)).toBe(220);
    const rows = await readTickRows(bucket.objects.get(keys[0]!)!, keys[0]!);
    const sorted = [...rows].sort(
      (a, b) =>
        a.tick.symbol.localeCompare(b.tick.symbol) ||
        Date.parse(a.tick.event_time) - Date.parse(b.tick.event_time) ||
        a.at.offset - b.at.offset,
    );
    expect(rows).toEqual(sorted);
  });

  it('writes a seal with each partition’s offsets, counts and quarantined records, and each file’s size and checksum', async () => {
    // Prepare
    const { log, objects } = messyDay();
    const bucket = memoryBucket(objects);

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    const key = sealKey('seals/', DAY, 'ticks');
    expect(summary.seal).toMatchObject({ key, state: 'written' });
    const seal = parseSeal(bucket.objects.get(key)!, key);
    const offsets = expectedOffsets(log);
    const repeats = (p: number) => {
      const rows = log.filter((r) => r.at.partition === p);
      return rows.length - new Set(rows.map((r) => r.tick.tick_id)).size;
    };
    expect(seal.partitions).toEqual(
      [0, 1, 2].map((p) => ({
        partition: p,
        firstOffset: offsets.get(p)![0],
        lastOffset: offsets.get(p)!.at(-1),
        rows: offsets.get(p)!.length,
        offsets: offsets.get(p)!.length,
        tickIdRepeats: repeats(p),
        quarantined: p === 0 ? 2 : p === 2 ? 1 : 0,
        // The day's records in Kafka's log, as the (clean) audit found them
        logFrom: 0,
        logTo: 10_000,
      })),
    );
    const { createHash } = await import('node:crypto');
    expect(seal.files).toEqual(
      tickKeys(bucket.objects).map((k) => ({
        key: k,
        bytes: bucket.objects.get(k)!.length,
        sha256: createHash('sha256').update(bucket.objects.get(k)!).digest('hex'),
        rows: offsets.get(parseObjectKey('ticks/', k, 'ticks')!.partition)!.length,
      })),
    );
    expect(seal.sealedAt).toBe('2025-07-02T00:30:00.000Z');
    expect((await checkSeals(bucket.store, PREFIXES, 'ticks')).map((c) => c.ok)).toEqual([true]);
  });

  it('audits after compacting and seals nothing while the audit is not clean', async () => {
    // Prepare
    const asked: string[] = [];
    const behind: DayAuditor = async (dt, topic) => {
      asked.push(`${dt} ${topic}`);
      return {
        state: 'behind',
        partitions: [0, 1, 2].map((partition) => ({
          partition,
          from: 0,
          to: 500,
          committed: partition === 1 ? 400 : 500,
          missing: 0,
          gaps: [],
          pending: partition === 1 ? 100 : 0,
        })),
      };
    };
    const bucket = memoryBucket(messyDay().objects);

    // Act
    const summary = await compactDay(bucket.store, { ...request, audit: behind });

    // Assess
    expect(asked).toEqual([`${DAY} ticks`]);
    expect(summary.seal).toMatchObject({
      key: sealKey('seals/', DAY, 'ticks'),
      state: 'withheld',
      reasons: [
        'partition 1: the sink has committed 400, 100 record(s) of the day (up to offset 499) not read yet',
      ],
    });
    expect(tickKeys(bucket.objects)).toHaveLength(3);
    expect([...bucket.objects.keys()].some((k) => k.startsWith('seals/'))).toBe(false);
    expect(summary.writes).toBe(3);
  });

  it('withholds the seal on a gap, and when a partition’s day is no longer in the log', async () => {
    // Prepare
    const gap: DayAuditor = async () => ({
      state: 'gap',
      partitions: [0, 1, 2].map((partition) => ({
        partition,
        from: 0,
        to: 500,
        committed: 500,
        missing: partition === 0 ? 2 : 0,
        gaps: partition === 0 ? [{ first: 7, last: 8 }] : [],
        pending: 0,
      })),
    });
    const partial: DayAuditor = async () => ({
      state: 'clean',
      partitions: [0, 1].map((partition) => ({
        partition,
        from: 0,
        to: 500,
        committed: 500,
        missing: 0,
        gaps: [],
        pending: 0,
      })),
    });

    // Act
    const onGap = await compactDay(memoryBucket(messyDay().objects).store, { ...request, audit: gap });
    const unlogged = await compactDay(memoryBucket(messyDay().objects).store, { ...request, audit: partial });

    // Assess
    expect(onGap.seal).toMatchObject({
      state: 'withheld',
      audit: { state: 'gap' },
      reasons: ['partition 0: 2 committed offset(s) of the day are in no tick or quarantine object (7..8)'],
    });
    expect(unlogged.seal?.state === 'withheld' && unlogged.seal.reasons).toEqual([
      expect.stringMatching(
        /^partition 2: \d+ tick\(s\) of the day are stored, but Kafka's log holds no record of the day/,
      ),
    ]);
  });

  it('compacts without an audit, and then writes no seal', async () => {
    // Prepare
    const bucket = memoryBucket(messyDay().objects);

    // Act
    const summary = await compactDay(bucket.store, { ...request, audit: null });

    // Assess
    expect(summary.seal).toEqual({ key: sealKey('seals/', DAY, 'ticks'), state: 'unaudited' });
    expect(tickKeys(bucket.objects)).toHaveLength(3);
    expect([...bucket.objects.keys()].some((k) => k.startsWith('seals/'))).toBe(false);
  });

  it('run again, writes nothing and deletes nothing', async () => {
    // Prepare
    const bucket = memoryBucket(messyDay().objects);
    await compactDay(bucket.store, request);
    const after = new Map(bucket.objects);
    bucket.heal();

    // Act
    const again = await compactDay(bucket.store, {
      ...request,
      now: () => new Date('2025-07-09T00:00:00.000Z'),
    });

    // Assess
    expect(bucket.count('put')).toBe(0);
    expect(bucket.count('delete')).toBe(0);
    expect(again).toMatchObject({ writes: 0, deletes: 0, seal: { state: 'unchanged' } });
    expect(again.seal?.state === 'unchanged' && again.seal.content.sealedAt).toBe('2025-07-02T00:30:00.000Z');
    expect(again.partitions.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(bucket.objects).toEqual(after);
  });

  it('gives the same bytes whatever the order and cut the objects came in', async () => {
    // Prepare
    const { log } = messyDay();
    const other = new Map<string, Uint8Array>();
    sinkInBatches(
      other,
      [...log].reverse().sort((a, b) => a.at.partition - b.at.partition || a.at.offset - b.at.offset),
      37,
    );
    const a = memoryBucket(messyDay().objects);
    const b = memoryBucket(other);

    // Act
    await compactDay(a.store, request);
    await compactDay(b.store, request);

    // Assess
    for (const key of tickKeys(a.objects))
      expect(Buffer.from(b.objects.get(key)!).equals(Buffer.from(a.objects.get(key)!))).toBe(true);
  });

  describe('a crash at any step loses nothing, and the next run finishes the job', () => {
    const { objects: initial } = messyDay();
    const totalDeletes = tickKeys(initial).length;

    it.each(Array.from({ length: totalDeletes }, (_, k) => k + 1))(
      'crashing at delete #%i (#1: right after the first write)',
      async (k) => {
        // Prepare
        const { log } = messyDay();
        const bucket = memoryBucket(initial);
        const clean = memoryBucket(initial);
        await compactDay(clean.store, request);
        bucket.crashAt('delete', k);

        // Act
        await expect(compactDay(bucket.store, request)).rejects.toThrow(/injected crash/);

        // Assess: every offset still stored, and no seal yet
        expect(await offsetSets(bucket.objects)).toEqual(expectedOffsets(log));
        expect(bucket.objects.has(sealKey('seals/', DAY, 'ticks'))).toBe(false);
        bucket.heal();
        const next = await compactDay(bucket.store, request);
        expect(next.seal?.state).toBe('written');
        expect(bucket.objects).toEqual(clean.objects);
      },
    );

    it.each([
      ['the first write', 'put', 1],
      ['the second partition’s write', 'put', 2],
      ['the seal’s write', 'put', 4],
      ['reading the file back', 'get', 0],
    ] as const)('crashing at %s', async (_, op, nth) => {
      // Prepare
      const { log } = messyDay();
      const bucket = memoryBucket(initial);
      const clean = memoryBucket(initial);
      await compactDay(clean.store, request);
      // The read-back comes right after the first put: the get after the partition's inputs.
      const inputs0 = tickKeys(initial).filter(
        (k) => parseObjectKey('ticks/', k, 'ticks')!.partition === 0,
      ).length;
      bucket.crashAt(op, op === 'get' ? inputs0 + 1 : nth);

      // Act
      await expect(compactDay(bucket.store, request)).rejects.toThrow(/injected crash/);

      // Assess
      expect(await offsetSets(bucket.objects)).toEqual(expectedOffsets(log));
      bucket.heal();
      await compactDay(bucket.store, request);
      expect(bucket.objects).toEqual(clean.objects);
    });
  });

  it('merges a redelivered batch that arrives after the seal, and keeps the seal when nothing changed', async () => {
    // Prepare
    const { log, objects } = messyDay();
    const bucket = memoryBucket(objects);
    await compactDay(bucket.store, request);
    const sealed = new Map(bucket.objects);
    const late = sinkBatch(bucket.objects, log.slice(0, 100));
    expect((await checkSeals(bucket.store, PREFIXES, 'ticks'))[0]!.unlisted.toSorted()).toEqual(late.sort());
    bucket.heal();

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    expect(summary.partitions.filter((p) => p.action === 'compacted').every((p) => !p.wrote)).toBe(true);
    expect(summary).toMatchObject({ writes: 0, deletes: late.length, seal: { state: 'unchanged' } });
    expect(bucket.objects).toEqual(sealed);
  });

  it('merges ticks of new offsets that arrive after the seal into a new file, and re-seals', async () => {
    // Prepare
    const next = new Map<number, number>();
    const log = logOf(ticksOf(0, 30), 3, 'ticks', next);
    const bucket = memoryBucket();
    sinkInBatches(bucket.objects, log, 100);
    await compactDay(bucket.store, request);
    const old = tickKeys(bucket.objects);
    const more = logOf(ticksOf(30, 5), 3, 'ticks', next);
    sinkBatch(bucket.objects, more);
    bucket.heal();

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    expect(summary.seal?.state).toBe('written');
    const now = tickKeys(bucket.objects);
    expect(now).toHaveLength(3);
    expect(now.some((k) => old.includes(k))).toBe(false);
    expect(await offsetSets(bucket.objects)).toEqual(expectedOffsets([...log, ...more]));
    const seal = parseSeal(bucket.objects.get(summary.seal!.key)!, summary.seal!.key);
    expect(seal.files.map((f) => f.key)).toEqual(now);
    expect((await checkSeals(bucket.store, PREFIXES, 'ticks'))[0]!.ok).toBe(true);
  });

  it('replaces a compacted file when a late batch falls inside its range, checking the new bytes first', async () => {
    // Prepare: the batch of offsets 100..199 arrives after the day was compacted
    const log = logOf(ticksOf(0, 60));
    const bucket = memoryBucket();
    const later = log.filter((r) => r.at.offset >= 100 && r.at.offset < 200);
    sinkInBatches(
      bucket.objects,
      log.filter((r) => !later.includes(r)),
      100,
    );
    await compactDay(bucket.store, request);
    const before = tickKeys(bucket.objects);
    sinkBatch(bucket.objects, later);
    bucket.heal();

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess: same names (same first and last offsets), new content, only the late objects deleted
    expect(tickKeys(bucket.objects)).toEqual(before);
    expect(summary.partitions.every((p) => p.wrote)).toBe(true);
    expect(bucket.calls.filter((c) => c.op === 'delete').every((c) => !before.includes(c.key))).toBe(true);
    expect(await offsetSets(bucket.objects)).toEqual(expectedOffsets(log));
  });

  it('in a dry run reads and plans, and writes and deletes nothing', async () => {
    // Prepare
    const { objects } = messyDay();
    const bucket = memoryBucket(objects);

    // Act
    const summary = await compactDay(bucket.store, { ...request, dryRun: true });

    // Assess
    expect(bucket.count('put') + bucket.count('delete')).toBe(0);
    expect(bucket.objects).toEqual(objects);
    expect(summary).toMatchObject({ dryRun: true, writes: 0, deletes: 0, seal: { state: 'planned' } });
    expect(
      summary.partitions.every((p) => p.action === 'planned' && p.output.key.endsWith('.compacted.parquet')),
    ).toBe(true);
    expect(summary.partitions.reduce((n, p) => n + p.inputs.length, 0)).toBe(tickKeys(objects).length);
  });

  it('touches nothing outside the day’s ticks of the topic, and names what it left alone', async () => {
    // Prepare
    const bucket = memoryBucket();
    sinkInBatches(bucket.objects, logOf(ticksOf(0, 10)), 50);
    sinkInBatches(bucket.objects, logOf(ticksOf(0, 10), 2, 'other'), 50);
    bucket.objects.set('ticks/dt=2025-07-01/ticks-0-notes.txt', new Uint8Array([1]));
    bucket.objects.set(
      'ticks/dt=2025-07-02/ticks-0-0000000000000000000-0000000000000000001.parquet',
      new Uint8Array([1]),
    );
    const untouched = [...bucket.objects.keys()].filter(
      (k) => !k.startsWith('ticks/dt=2025-07-01/ticks-') || k.endsWith('.txt'),
    );

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    expect(summary.ignored).toEqual(['ticks/dt=2025-07-01/ticks-0-notes.txt']);
    for (const key of untouched) expect(bucket.objects.has(key), key).toBe(true);
    expect(
      bucket.calls
        .filter((c) => c.op === 'delete')
        .every((c) => c.key.startsWith('ticks/dt=2025-07-01/ticks-')),
    ).toBe(true);
  });

  it('seals a day that holds only quarantined records, and writes nothing for an empty day', async () => {
    // Prepare
    const bucket = memoryBucket();
    quarantine(bucket.objects, [{ partition: 1, offset: 4 }]);

    // Act
    const quarantinedOnly = await compactDay(bucket.store, request);
    const empty = await compactDay(bucket.store, { ...request, dt: '2025-07-03' });

    // Assess
    expect(quarantinedOnly.seal).toMatchObject({ state: 'written' });
    expect(quarantinedOnly.seal?.state === 'written' && quarantinedOnly.seal.content).toMatchObject({
      partitions: [
        {
          partition: 1,
          firstOffset: null,
          lastOffset: null,
          rows: 0,
          quarantined: 1,
          logFrom: 0,
          logTo: 10_000,
        },
      ],
      files: [],
    });
    expect(empty).toMatchObject({ partitions: [], seal: undefined, writes: 0, deletes: 0 });
  });

  it('rewrites a seal it cannot read', async () => {
    // Prepare
    const bucket = memoryBucket(messyDay().objects);
    await compactDay(bucket.store, request);
    const key = sealKey('seals/', DAY, 'ticks');
    bucket.objects.set(key, new TextEncoder().encode('not json'));

    // Act
    const summary = await compactDay(bucket.store, request);

    // Assess
    expect(summary.seal?.state).toBe('written');
    expect(parseSeal(bucket.objects.get(key)!, key).version).toBe(2);
  });

  it('tells of each partition as it is done', async () => {
    const seen: number[] = [];

    await compactDay(memoryBucket(messyDay().objects).store, {
      ...request,
      onPartition: (p) => seen.push(p.partition),
    });

    expect(seen).toEqual([0, 1, 2]);
  });

  describe('two runs of one day at once cannot undo each other (S3 conditional writes)', () => {
    it('the run that writes second stops, having overwritten and deleted nothing', async () => {
      // Prepare: run A has read the day; run B compacts it completely before A writes.
      const bucket = memoryBucket(messyDay().objects);
      let raced = false;
      const a: CompactionStore = {
        ...bucket.store,
        async put(key, body, type, condition) {
          if (!raced) {
            raced = true;
            await compactDay(bucket.store, request);
          }
          return bucket.store.put(key, body, type, condition);
        },
      };
      const afterB = async () => new Map(bucket.objects);

      // Act
      const run = compactDay(a, request);

      // Assess
      await expect(run).rejects.toThrow(ConcurrentChangeError);
      await expect(run).rejects.toThrow(
        /changed while this compaction ran .* nothing was overwritten or deleted by it/,
      );
      const state = await afterB();
      expect(tickKeys(state)).toHaveLength(3);
      expect((await compactDay(bucket.store, request)).writes).toBe(0);
      expect(bucket.objects).toEqual(state);
    });

    it('an input rewritten after it was read is not deleted', async () => {
      // Prepare: another writer replaces one input with other bytes between the read and the delete.
      const bucket = memoryBucket(messyDay().objects);
      const [victim] = tickKeys(bucket.objects);
      let rewritten = false;
      const store: CompactionStore = {
        ...bucket.store,
        async delete(key, ifMatch) {
          if (!rewritten) {
            rewritten = true;
            bucket.objects.set(victim!, new Uint8Array([...bucket.objects.get(victim!)!, 0]));
          }
          return bucket.store.delete(key, ifMatch);
        },
      };

      // Act, Assess
      await expect(compactDay(store, request)).rejects.toThrow(ConcurrentChangeError);
      expect(bucket.objects.has(victim!)).toBe(true);
    });

    it('a seal another run wrote meanwhile is not replaced', async () => {
      // Prepare: the day compacted and sealed; a late object merged by a run that is slower to seal.
      const bucket = memoryBucket(messyDay().objects);
      await compactDay(bucket.store, request);
      sinkBatch(
        bucket.objects,
        logOf(
          ticksOf(100, 1),
          3,
          'ticks',
          new Map([
            [0, 5000],
            [1, 5000],
            [2, 5000],
          ]),
        ),
      );
      const key = sealKey('seals/', DAY, 'ticks');
      const store: CompactionStore = {
        ...bucket.store,
        async put(k, body, type, condition) {
          if (k === key) bucket.objects.set(key, new TextEncoder().encode('{"written":"by another run"}\n'));
          return bucket.store.put(k, body, type, condition);
        },
      };

      // Act, Assess
      await expect(compactDay(store, request)).rejects.toThrow(ConcurrentChangeError);
      expect(new TextDecoder().decode(bucket.objects.get(key)!)).toContain('by another run');
    });
  });

  describe('deletes nothing when something is wrong', () => {
    /** The bucket behind a store that misbehaves in one way. */
    function misbehaving(change: (store: CompactionStore) => Partial<CompactionStore>) {
      const bucket = memoryBucket(messyDay().objects);
      const store = { ...bucket.store, ...change(bucket.store) };
      return { bucket, store, before: new Set(bucket.objects.keys()) };
    }

    it('a write that stores other bytes than it was given', async () => {
      // Prepare: the store keeps only the first row of every file
      const { bucket, store, before } = misbehaving((inner) => ({
        put: async (key, body, type) => {
          const rows = await readTickRows(body, key);
          await inner.put(key, encodeTicksParquet(rows.slice(0, 1)), type);
        },
      }));

      // Act, Assess
      await expect(compactDay(store, request)).rejects.toThrow(VerificationError);
      await expect(compactDay(store, request)).rejects.toThrow(
        /holds 1 rows, not the \d+ expected; no input was deleted/,
      );
      expect(bucket.count('delete')).toBe(0);
      for (const key of before) expect(bucket.objects.has(key)).toBe(true);
    });

    it('a write that swaps an offset', async () => {
      const { bucket, store } = misbehaving((inner) => ({
        put: async (key, body, type) => {
          const rows = await readTickRows(body, key);
          const [first, ...rest] = rows;
          await inner.put(
            key,
            encodeTicksParquet([{ ...first!, at: { ...first!.at, offset: 999_999 } }, ...rest]),
            type,
          );
        },
      }));

      await expect(compactDay(store, request)).rejects.toThrow(/does not hold exactly the inputs' offsets/);
      expect(bucket.count('delete')).toBe(0);
    });

    it('a write that alters a value', async () => {
      const { bucket, store } = misbehaving((inner) => ({
        put: async (key, body, type) => {
          const rows = await readTickRows(body, key);
          const [first, ...rest] = rows;
          await inner.put(
            key,
            encodeTicksParquet([{ ...first!, tick: { ...first!.tick, close: 1 } }, ...rest]),
            type,
          );
        },
      }));

      await expect(compactDay(store, request)).rejects.toThrow(
        /holds other values than the rows it replaces/,
      );
      expect(bucket.count('delete')).toBe(0);
    });

    it('a file that cannot be read back', async () => {
      const { bucket, store } = misbehaving((inner) => ({
        get: async (key) => (key.endsWith('.compacted.parquet') ? undefined : inner.get(key)),
      }));

      await expect(compactDay(store, request)).rejects.toThrow(
        /cannot be read back after writing it; no input was deleted/,
      );
      expect(bucket.count('delete')).toBe(0);
    });

    it('an input that vanished after the listing (another run at work)', async () => {
      const { store } = misbehaving((inner) => ({
        get: async (key) => (key.includes('-0-') ? undefined : inner.get(key)),
      }));

      await expect(compactDay(store, request)).rejects.toThrow(CompactionError);
      await expect(compactDay(store, request)).rejects.toThrow(
        /was listed but is gone: is another compaction of 2025-07-01 running/,
      );
    });

    it('an object holding rows of another partition than its name says', async () => {
      // Prepare
      const bucket = memoryBucket();
      const rows = logOf(ticksOf(0, 5)).filter((r) => r.at.partition === 1);
      bucket.objects.set(
        'ticks/dt=2025-07-01/ticks-0-0000000000000000000-0000000000000000009.parquet',
        encodeTicksParquet(rows),
      );

      // Act, Assess
      await expect(compactDay(bucket.store, request)).rejects.toThrow(ForeignObjectError);
      await expect(compactDay(bucket.store, request)).rejects.toThrow(
        /holds rows of another topic or partition/,
      );
    });

    it('objects without rows', async () => {
      // Prepare
      const bucket = memoryBucket();
      const empty = new Uint8Array(
        parquetWriteBuffer({
          columnData: TICK_COLUMNS.map((c) => ({
            name: c.name,
            data: [],
            type: c.type === 'string' ? 'STRING' : 'DOUBLE',
          })),
        }),
      );
      bucket.objects.set(
        'ticks/dt=2025-07-01/ticks-0-0000000000000000000-0000000000000000009.parquet',
        empty,
      );

      // Act, Assess
      await expect(compactDay(bucket.store, request)).rejects.toThrow(/hold no rows/);
    });

    it('a quarantine object that is not what the sink writes', async () => {
      // Prepare
      const bucket = memoryBucket();
      sinkInBatches(bucket.objects, logOf(ticksOf(0, 5)), 100);
      bucket.objects.set(
        'quarantine/dt=2025-07-01/ticks-0-0000000000000000000-0000000000000000009.json.gz',
        new Uint8Array([1, 2]),
      );

      // Act, Assess
      await expect(compactDay(bucket.store, request)).rejects.toThrow(/is not gzip JSON lines/);
    });

    it('a request for a day that is not one', async () => {
      const bucket = memoryBucket();

      await expect(compactDay(bucket.store, { ...request, dt: '2025-02-30' })).rejects.toThrow(/YYYY-MM-DD/);
      expect(bucket.calls).toEqual([]);
    });
  });
});
