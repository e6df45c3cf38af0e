import { describe, expect, it } from 'vitest';
import { inPool } from '../../../shared/compaction/pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('inPool', () => {
  it('returns results in the items’ order with at most `limit` tasks in flight', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;

    // Act
    const results = await inPool([5, 1, 4, 2, 3, 0], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return n * 10;
    });

    // Assess
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it('starts nothing new after a failure, lets the ones in flight finish, and throws it', async () => {
    // Prepare
    const started: number[] = [];
    const finished: number[] = [];

    // Act
    const run = inPool([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('task 1 failed');
      await tick();
      finished.push(n);
      return n;
    });

    // Assess
    await expect(run).rejects.toThrow('task 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it('does nothing for no items', async () => {
    expect(await inPool([], 4, async () => 1)).toEqual([]);
  });
});
