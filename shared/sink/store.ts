import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Where the sink writes whole objects. The S3 implementation below; tests may pass a fake. */
export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
}

/** Writes to a bucket. Retries of transient errors happen inside the client (see createS3Client). */
export function s3ObjectStore(s3: Pick<S3Client, 'send'>, bucket: string): ObjectStore {
  return {
    async put(key, body, contentType) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
  };
}
