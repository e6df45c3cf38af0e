/**
 * Runs `task` over the items with at most `limit` in flight, results in the items' order. Reading
 * or deleting a day's few thousand objects one at a time would spend nearly all of compaction's
 * time waiting on round trips.
 *
 * On the first failure no new task starts; the ones in flight finish, and the failure is thrown.
 *
 * @example const bodies = await inPool(keys, 16, (key) => store.get(key));
 */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
