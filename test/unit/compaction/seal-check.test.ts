import { describe, expect, it } from 'vitest';
import { type CompactionStore, checkSeals, compactDay, sealKey } from '../../../shared/compaction';
import {
  cleanAudit,
  DAY,
  logOf,
  memoryBucket,
  PREFIXES,
  sinkBatch,
  sinkInBatches,
  tickKeys,
  ticksOf,
} from './support';

/** A day compacted and sealed, in a bucket of its own, plus the log it was made from. */
async function sealedDay() {
  const log = logOf(ticksOf(0, 20));
  const bucket = memoryBucket();
  sinkInBatches(bucket.objects, log, 50);
  await compactDay(bucket.store, { dt: DAY, topic: 'ticks', prefixes: PREFIXES, audit: cleanAudit });
  return { bucket, log, files: tickKeys(bucket.objects) };
}

describe('checkSeals', () => {
  it('finds a sealed day exactly as sealed', async () => {
    // Prepare
    const { bucket } = await sealedDay();

    // Act
    const checks = await checkSeals(bucket.store, PREFIXES, 'ticks');

    // Assess
    expect(checks).toEqual([
      {
        key: sealKey('seals/', DAY, 'ticks'),
        dt: DAY,
        topic: 'ticks',
        ok: true,
        missing: [],
        altered: [],
        unlisted: [],
      },
    ]);
  });

  it('reports a tick object that arrived after the seal (a late redelivery)', async () => {
    // Prepare
    const { bucket, log } = await sealedDay();
    const late = sinkBatch(bucket.objects, log.slice(0, 10));

    // Act
    const [check] = await checkSeals(bucket.store, PREFIXES, 'ticks');

    // Assess
    expect(check).toMatchObject({ ok: false, unlisted: late.sort(), missing: [], altered: [] });
  });

  it('reports a sealed file that is gone, or altered in size or in content', async () => {
    // Prepare
    const { bucket, files } = await sealedDay();
    const [gone, longer, flipped] = files as [string, string, string];
    bucket.objects.delete(gone);
    bucket.objects.set(longer, new Uint8Array([...bucket.objects.get(longer)!, 0]));
    const bytes = new Uint8Array(bucket.objects.get(flipped)!);
    bytes[100] = bytes[100]! ^ 0xff;
    bucket.objects.set(flipped, bytes);

    // Act
    const [check] = await checkSeals(bucket.store, PREFIXES, 'ticks');

    // Assess
    expect(check!.ok).toBe(false);
    expect(check!.missing).toEqual([gone]);
    expect(check!.altered).toEqual([
      { key: longer, why: expect.stringMatching(/^\d+ bytes, sealed at \d+$/) },
      { key: flipped, why: 'its SHA-256 differs from the seal' },
    ]);
  });

  it('reports a seal it cannot read, or one that names another day than its key', async () => {
    // Prepare
    const { bucket } = await sealedDay();
    const real = bucket.objects.get(sealKey('seals/', DAY, 'ticks'))!;
    bucket.objects.set(sealKey('seals/', '2025-07-05', 'ticks'), real);
    bucket.objects.set(sealKey('seals/', '2025-07-06', 'ticks'), new TextEncoder().encode('{'));

    // Act
    const checks = await checkSeals(bucket.store, PREFIXES, 'ticks');

    // Assess
    expect(checks.map((c) => [c.dt, c.ok, c.unreadable])).toEqual([
      [DAY, true, undefined],
      ['2025-07-05', false, expect.stringMatching(/describes ticks on 2025-07-01, not what its name says/)],
      ['2025-07-06', false, expect.stringMatching(/is not JSON/)],
    ]);
  });

  it('checks only seals of the topic', async () => {
    // Prepare
    const { bucket } = await sealedDay();
    bucket.objects.set(sealKey('seals/', DAY, 'other'), new Uint8Array([1]));
    bucket.objects.set('seals/README', new Uint8Array([1]));

    // Act, Assess
    expect(await checkSeals(bucket.store, PREFIXES, 'other')).toHaveLength(1);
    expect((await checkSeals(bucket.store, PREFIXES, 'ticks')).map((c) => c.topic)).toEqual(['ticks']);
  });

  it('reports objects deleted while it reads them', async () => {
    // Prepare: a listing that still shows what a get no longer finds
    const { bucket, files } = await sealedDay();
    const seal = sealKey('seals/', DAY, 'ticks');
    const gone = new Set([files[0]!]);
    const store: CompactionStore = {
      ...bucket.store,
      get: async (k) => (gone.has(k) ? undefined : bucket.store.get(k)),
    };

    // Act
    const [first] = await checkSeals(store, PREFIXES, 'ticks');
    gone.add(seal);
    const [second] = await checkSeals(store, PREFIXES, 'ticks');

    // Assess
    expect(first!.missing).toEqual([files[0]]);
    expect(second!.unreadable).toMatch(/was deleted while the audit ran/);
  });
});
