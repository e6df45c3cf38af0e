import type { S3Client } from '@aws-sdk/client-s3';
import { parseObjectKey, type SinkPrefixes } from '../../shared/sink';
import { listObjects, readJsonLines, readParquetRows } from '../s3/objects';

/** Every Kafka offset found in S3 for one topic-partition, and how often. */
export interface PartitionOffsets {
  /** offset -> number of stored rows holding it (more than 1: the raw table holds it twice). */
  readonly ticks: Map<number, number>;
  readonly quarantined: Map<number, number>;
  objects: number;
}

export type TopicOffsets = Map<number, PartitionOffsets>;

export interface StoredOffsets {
  readonly offsets: TopicOffsets;
  /**
   * Keys under a prefix that name the topic but are not in the format the sink writes there
   * (for example JSON-lines tick objects from before ticks were Parquet). Neither Athena nor the
   * audit reads them, so their offsets count as missing; the report names them.
   */
  readonly unreadable: readonly string[];
}

/**
 * Reads every tick and quarantine object of a topic and collects the offsets each holds, from
 * the rows themselves (not just the key's range: one batch's offsets may be split across dates).
 */
export async function collectS3Offsets(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefixes: SinkPrefixes,
  topic: string,
): Promise<StoredOffsets> {
  const result: TopicOffsets = new Map();
  const unreadable: string[] = [];
  const partitionOf = (p: number): PartitionOffsets => {
    let entry = result.get(p);
    if (!entry) {
      entry = { ticks: new Map(), quarantined: new Map(), objects: 0 };
      result.set(p, entry);
    }
    return entry;
  };
  for (const [kind, prefix] of [
    ['ticks', prefixes.ticks],
    ['quarantined', prefixes.quarantine],
  ] as const) {
    for await (const { key } of listObjects(s3, bucket, prefix)) {
      const coords = parseObjectKey(prefix, key, kind === 'ticks' ? 'ticks' : 'quarantine');
      if (!coords) {
        if (namesTopic(prefix, key, topic)) unreadable.push(key);
        continue;
      }
      if (coords.topic !== topic) continue;
      for (const { partition, offset } of await coordinatesIn(s3, bucket, key, kind)) {
        const counts = partitionOf(partition)[kind];
        counts.set(offset, (counts.get(offset) ?? 0) + 1);
      }
      partitionOf(coords.partition).objects++;
    }
  }
  return { offsets: result, unreadable };
}

/** `<prefix>dt=…/<topic>-…`: an object of this topic, whatever its name's tail. */
function namesTopic(prefix: string, key: string, topic: string): boolean {
  const name = key.slice(prefix.length).split('/');
  return name.length === 2 && name[0]!.startsWith('dt=') && name[1]!.startsWith(`${topic}-`);
}

/** The Kafka partition and offset of every row of a tick (Parquet) or quarantine (JSON) object. */
async function coordinatesIn(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  key: string,
  kind: 'ticks' | 'quarantined',
): Promise<{ partition: number; offset: number }[]> {
  if (kind === 'ticks') {
    const rows = await readParquetRows(s3, bucket, key, ['kafka_partition', 'kafka_offset']);
    return rows.map((r) => ({ partition: Number(r.kafka_partition), offset: Number(r.kafka_offset) }));
  }
  const entries = await readJsonLines<{ partition: number; offset: number }>(s3, bucket, key);
  return entries.map((e) => ({ partition: e.partition, offset: e.offset }));
}
