import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parquetRows } from './parquet';

type S3 = Pick<S3Client, 'send'>;

/** Every object under a prefix, following ListObjectsV2's pages. */
export async function* listObjects(
  s3: S3,
  bucket: string,
  prefix = '',
): AsyncGenerator<{ key: string; size: number }> {
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key) yield { key: object.Key, size: object.Size ?? 0 };
    token = page.NextContinuationToken;
  } while (token);
}

async function readObject(s3: S3, bucket: string, key: string): Promise<Uint8Array> {
  const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return body.Body!.transformToByteArray();
}

/** The rows of a gzip JSON-lines object (as the sink writes quarantined records). */
export async function readJsonLines<T>(s3: S3, bucket: string, key: string): Promise<T[]> {
  const text = gunzipSync(await readObject(s3, bucket, key)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** The rows of a Parquet object (as the sink writes ticks), optionally only some columns. */
export async function readParquetRows(
  s3: S3,
  bucket: string,
  key: string,
  columns?: readonly string[],
): Promise<Record<string, unknown>[]> {
  return parquetRows(await readObject(s3, bucket, key), columns);
}
