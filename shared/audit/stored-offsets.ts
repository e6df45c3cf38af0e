import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import type { CompactionPrefixes, CompactionStore } from '../compaction';
import { parseObjectKey, type QuarantineEntry } from '../sink';

/** Offsets of one partition to look for: [from, to). */
export interface OffsetWindow {
  readonly partition: number;
  readonly from: number;
  readonly to: number;
}

/** Which offsets of each window S3 holds, as a tick (under any day) or a quarantined record. */
export type StoredInWindows = Map<number, Set<number>>;

const DECOMPRESSORS = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };

/**
 * Reads the offsets stored for some windows of a topic's partitions. Only objects whose name's
 * offset range meets a window are opened (a name bounds the offsets inside it), and of a tick
 * object only its two Kafka columns are decoded, so a day's check reads that day's files and the
 * few neighbouring batches, not the whole bucket.
 */
export async function storedOffsetsIn(
  store: CompactionStore,
  prefixes: Pick<CompactionPrefixes, 'ticks' | 'quarantine'>,
  topic: string,
  windows: readonly OffsetWindow[],
): Promise<StoredInWindows> {
  const found: StoredInWindows = new Map(windows.map((w) => [w.partition, new Set<number>()]));
  const byPartition = new Map(windows.map((w) => [w.partition, w]));
  for (const kind of ['ticks', 'quarantine'] as const) {
    const prefix = prefixes[kind];
    for await (const { key } of store.list(prefix)) {
      const c = parseObjectKey(prefix, key, kind);
      const w = c && c.topic === topic ? byPartition.get(c.partition) : undefined;
      if (!c || !w || c.lastOffset < w.from || c.firstOffset >= w.to) continue;
      const bytes = await store.get(key);
      if (!bytes) continue; // compacted or replayed away since the listing: its rows are elsewhere now
      for (const { partition, offset } of kind === 'ticks'
        ? await tickCoordinates(bytes)
        : quarantineCoordinates(bytes)) {
        const window = byPartition.get(partition);
        if (window && offset >= window.from && offset < window.to) found.get(partition)!.add(offset);
      }
    }
  }
  return found;
}

async function tickCoordinates(bytes: Uint8Array): Promise<{ partition: number; offset: number }[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({
    file,
    columns: ['kafka_partition', 'kafka_offset'],
    compressors: DECOMPRESSORS,
  });
  return rows.map((r) => ({ partition: Number(r.kafka_partition), offset: Number(r.kafka_offset) }));
}

function quarantineCoordinates(bytes: Uint8Array): { partition: number; offset: number }[] {
  return gunzipSync(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as QuarantineEntry)
    .map((e) => ({ partition: e.partition, offset: e.offset }));
}
