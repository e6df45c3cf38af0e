import { gunzipSync } from 'node:zlib';
import { parseObjectKey, type QuarantineEntry } from '../sink';
import { ForeignObjectError } from './errors';
import { dayFolder } from './plan';
import type { CompactionStore } from './store';

/**
 * How many records of a topic were quarantined under a day, per partition: the count a seal
 * records beside the ticks, so the seal accounts for every offset of the day either way. Counted
 * from the entries themselves (an object groups records of one partition, but the entry is what
 * the audit reads).
 */
export async function quarantinedByPartition(
  store: CompactionStore,
  quarantinePrefix: string,
  dt: string,
  topic: string,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for await (const { key } of store.list(dayFolder(quarantinePrefix, dt))) {
    const coordinates = parseObjectKey(quarantinePrefix, key, 'quarantine');
    if (coordinates?.topic !== topic) continue;
    const bytes = await store.get(key);
    if (!bytes) continue; // replayed and removed since the listing: nothing quarantined there any more
    for (const entry of entriesOf(bytes, key))
      counts.set(entry.partition, (counts.get(entry.partition) ?? 0) + 1);
  }
  return counts;
}

function entriesOf(bytes: Uint8Array, key: string): Pick<QuarantineEntry, 'partition'>[] {
  try {
    return gunzipSync(bytes)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as QuarantineEntry);
  } catch (error) {
    throw new ForeignObjectError(
      `${key} is not gzip JSON lines as the sink quarantines records (${(error as Error).message}); ` +
        'move it out of the quarantine prefix and run again',
      { cause: error },
    );
  }
}
