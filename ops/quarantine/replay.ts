import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DecodedRecord, decodeRecord, type EsmRecord } from '../../shared/esm';
import {
  encodeObject,
  OBJECT_EXTENSIONS,
  planObjects,
  type QuarantineEntry,
  type SinkPrefixes,
  s3ObjectStore,
} from '../../shared/sink';
import type { EventTimeWindow } from '../../shared/tick';
import { listObjects, readJsonLines } from '../s3/objects';

export interface QuarantinedObject {
  readonly key: string;
  readonly entries: QuarantineEntry[];
}

/** Lists quarantine objects with their entries. */
export async function readQuarantine(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefix: string,
): Promise<QuarantinedObject[]> {
  const objects: QuarantinedObject[] = [];
  for await (const { key } of listObjects(s3, bucket, prefix)) {
    if (key.endsWith(OBJECT_EXTENSIONS.quarantine))
      objects.push({ key, entries: await readJsonLines<QuarantineEntry>(s3, bucket, key) });
  }
  return objects;
}

/** The record as the mapping delivered it, rebuilt from a quarantine entry. */
export function recordOf(entry: QuarantineEntry): EsmRecord {
  return {
    topic: entry.topic,
    partition: entry.partition,
    offset: entry.offset,
    timestamp: entry.timestamp,
    timestampType: entry.timestampType,
    ...(entry.key === null ? {} : { key: entry.key }),
    ...(entry.value === null ? {} : { value: entry.value }),
    ...(entry.headers === null ? {} : { headers: entry.headers }),
  };
}

export interface ReplaySummary {
  readonly examined: number;
  readonly replayed: number;
  readonly stillBad: number;
  readonly written: readonly string[];
  readonly trimmed: readonly string[];
  readonly deleted: readonly string[];
}

/**
 * Runs quarantined records through today's decoding and validation again. Those that pass are
 * written as tick objects named from their Kafka coordinates (so replaying twice writes the same
 * objects), and only then removed from their quarantine object, which keeps the ones still bad.
 */
export async function replayQuarantine(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefixes: SinkPrefixes,
  options: { dryRun?: boolean; eventTimeWindow?: EventTimeWindow } = {},
): Promise<ReplaySummary> {
  const objects = await readQuarantine(s3, bucket, prefixes.quarantine);
  const store = s3ObjectStore(s3, bucket);
  let examined = 0;
  let replayed = 0;
  let stillBad = 0;
  const written: string[] = [];
  const trimmed: string[] = [];
  const deleted: string[] = [];
  for (const object of objects) {
    const decoded: DecodedRecord[] = object.entries.map((e) =>
      decodeRecord(recordOf(e), options.eventTimeWindow),
    );
    examined += decoded.length;
    const good = decoded.filter((d) => d.ok);
    const bad = object.entries.filter((_, i) => !decoded[i]!.ok);
    replayed += good.length;
    stillBad += bad.length;
    if (good.length === 0 || options.dryRun) continue;
    // Written exactly as the sink would have written them, had they passed the first time.
    for (const planned of planObjects(good, prefixes)) {
      const { key, body, contentType } = encodeObject(planned);
      await store.put(key, body, contentType);
      written.push(key);
    }
    if (bad.length === 0) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.key }));
      deleted.push(object.key);
    } else {
      const { body, contentType } = encodeObject({
        kind: 'quarantine',
        key: object.key,
        lines: bad.map((e) => JSON.stringify(e)),
      });
      await store.put(object.key, body, contentType);
      trimmed.push(object.key);
    }
  }
  return { examined, replayed, stillBad, written, trimmed, deleted };
}
