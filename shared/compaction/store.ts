import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ConcurrentChangeError } from './errors';

/** An object as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** Its entity tag, when the store gives one: the version a conditional write or delete names. */
  readonly etag?: string | undefined;
}

/**
 * A write's precondition (S3 conditional writes): create only (`ifNoneMatch: '*'`), or replace
 * only the version listed (`ifMatch: <etag>`). A write whose precondition fails changes nothing.
 */
export type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };

/**
 * The four things compaction does to a bucket, and nothing else: a narrow seam so a test can
 * count every call or crash at any step, and so the Lambda's IAM policy can be read off it.
 */
export interface CompactionStore {
  /** Every object under a prefix, in key order. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** @throws ConcurrentChangeError when `condition` does not hold: another run changed the key. */
  put(key: string, body: Uint8Array, contentType: string, condition?: WriteCondition): Promise<void>;
  /** Deletes only the version `ifMatch` names, when given. @throws ConcurrentChangeError otherwise. */
  delete(key: string, ifMatch?: string): Promise<void>;
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
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0, etag: o.ETag };
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
    async put(key, body, contentType, condition) {
      await conditional(key, () =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ...(condition && 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : {}),
            ...(condition && 'ifNoneMatch' in condition ? { IfNoneMatch: condition.ifNoneMatch } : {}),
          }),
        ),
      );
    },
    async delete(key, ifMatch) {
      await conditional(key, () =>
        s3.send(
          new DeleteObjectCommand({ Bucket: bucket, Key: key, ...(ifMatch ? { IfMatch: ifMatch } : {}) }),
        ),
      );
    },
  };
}

/**
 * S3 answers a failed precondition with 412 PreconditionFailed, and two conditional writes racing
 * on one key with 409 ConditionalRequestConflict (Amazon S3 User Guide, "How to prevent object
 * overwrites with conditional writes" and "How to perform conditional deletes").
 */
async function conditional(key: string, request: () => Promise<unknown>): Promise<void> {
  try {
    await request();
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as { name?: string }).name;
    if (
      status === 412 ||
      status === 409 ||
      name === 'PreconditionFailed' ||
      name === 'ConditionalRequestConflict'
    )
      throw new ConcurrentChangeError(key, { cause: error });
    throw error;
  }
}
