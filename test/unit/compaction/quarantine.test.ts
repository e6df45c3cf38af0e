import { describe, expect, it } from 'vitest';
import { quarantinedByPartition } from '../../../shared/compaction/quarantine';
import { DAY, memoryBucket, quarantine } from './support';

describe('quarantinedByPartition', () => {
  it('counts the day’s quarantined records of the topic per partition, from the entries', async () => {
    // Prepare
    const bucket = memoryBucket();
    quarantine(bucket.objects, [
      { partition: 0, offset: 1 },
      { partition: 0, offset: 2 },
      { partition: 3, offset: 7 },
    ]);
    quarantine(bucket.objects, [{ partition: 0, offset: 1 }], 'other');

    // Act
    const counts = await quarantinedByPartition(bucket.store, 'quarantine/', DAY, 'ticks');

    // Assess
    expect([...counts]).toEqual([
      [0, 2],
      [3, 1],
    ]);
  });

  it('skips an object replayed away between the listing and the read', async () => {
    // Prepare
    const bucket = memoryBucket();
    quarantine(bucket.objects, [{ partition: 0, offset: 1 }]);
    const store = { ...bucket.store, get: async () => undefined };

    // Act, Assess
    expect((await quarantinedByPartition(store, 'quarantine/', DAY, 'ticks')).size).toBe(0);
  });
});
