import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** An object as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
}

/**
 * The four things compaction does to a bucket, and nothing else: a narrow seam so a test can
 * count every call or crash at any step, and so the Lambda's IAM policy can be read off it.
 */
export interface CompactionStore {
  /** Every object under a prefix, in key order. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * A bucket through the S3 API. Retries of throttling, 5xx and network errors happen inside the
 * client (see shared/s3 createS3Client).
 *
 * @example const store = s3CompactionStore(createS3Client(settings), 'my-ticks-bucket');
 */
export function s3CompactionStore(s3: Pick<S3Client, 'send'>, bucket: string): CompactionStore {
  return {
    async *list(prefix) {
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 };
        token = page.NextContinuationToken;
      } while (token);
    },
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await out.Body!.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async put(key, body, contentType) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
