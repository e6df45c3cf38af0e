import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { OBJECT_EXTENSIONS } from '../../shared/sink';
import { listObjects } from '../s3/objects';
import { type DtFilter, wantsPartition } from './partitions';

export interface SyncResult {
  readonly files: string[];
  readonly downloaded: number;
  readonly bytes: number;
  /** Keys in the partitions read that are not tick objects (e.g. .json.gz from before 0.2): not queried. */
  readonly skipped: string[];
}

/**
 * Mirrors the tick objects a query needs into a local folder, partition by partition, so DuckDB
 * (which cannot reach S3 here) reads plain files. Objects already cached at the same size are
 * not fetched again: a key is rewritten only with the same content.
 */
export async function syncPartitions(
  s3: Pick<S3Client, 'send'>,
  bucket: string,
  prefix: string,
  cacheDir: string,
  filter: DtFilter | undefined,
): Promise<SyncResult> {
  const files: string[] = [];
  const skipped: string[] = [];
  let downloaded = 0;
  let bytes = 0;
  const partitions = await listPartitions(s3, bucket, prefix);
  for (const dt of partitions.filter((d) => wantsPartition(filter, d))) {
    for await (const object of listObjects(s3, bucket, `${prefix}dt=${dt}/`)) {
      if (!object.key.endsWith(OBJECT_EXTENSIONS.ticks)) {
        if (!object.key.endsWith('/')) skipped.push(object.key);
        continue;
      }
      const file = join(cacheDir, object.key);
      files.push(file);
      if ((await sizeOf(file)) === object.size) continue;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
      const data = await body.Body!.transformToByteArray();
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.part`, data);
      await rename(`${file}.part`, file);
      downloaded++;
      bytes += data.length;
    }
  }
  return { files, downloaded, bytes, skipped };
}

async function listPartitions(s3: Pick<S3Client, 'send'>, bucket: string, prefix: string): Promise<string[]> {
  const dates: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
    );
    for (const p of page.CommonPrefixes ?? []) {
      const m = /dt=(\d{4}-\d{2}-\d{2})\/$/.exec(p.Prefix ?? '');
      if (m) dates.push(m[1]!);
    }
    token = page.NextContinuationToken;
  } while (token);
  return dates.sort();
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
