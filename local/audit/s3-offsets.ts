import type { S3Client } from '@aws-sdk/client-s3';
import { parseObjectKey, type SinkPrefixes } from '../../shared/sink';
import { listObjects, readJsonLines } from '../s3/objects';

/** Every Kafka offset found in S3 for one topic-partition, and how often. */
export interface PartitionOffsets {
  /** offset -> number of stored rows holding it (more than 1: the raw table holds it twice). */
  readonly ticks: Map<number, number>;
  readonly quarantined: Map<number, number>;
  objects: number;
}

export type TopicOffsets = Map<number, PartitionOffsets>;

/**
 * Reads every tick and quarantine object of a topic and collects the offsets each holds, from
 * the rows themselves (not just the key's range: one batch's offsets may be split across dates).
 */
export async function collectS3Offsets(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefixes: SinkPrefixes,
  topic: string,
): Promise<TopicOffsets> {
  const result: TopicOffsets = new Map();
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
      const coords = parseObjectKey(prefix, key);
      if (!coords || coords.topic !== topic) continue;
      type Row = { kafka_partition?: number; kafka_offset?: number; partition?: number; offset?: number };
      for (const row of await readJsonLines<Row>(s3, bucket, key)) {
        const partition = kind === 'ticks' ? row.kafka_partition! : row.partition!;
        const offset = kind === 'ticks' ? row.kafka_offset! : row.offset!;
        const counts = partitionOf(partition)[kind];
        counts.set(offset, (counts.get(offset) ?? 0) + 1);
      }
      partitionOf(coords.partition).objects++;
    }
  }
  return result;
}
