import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ObjectStore } from '../../../shared/sink';
import { fakeAwsClient } from '../../support/aws';

type S3 = Pick<S3Client, 'send'>;

describe('s3ObjectStore', () => {
  it('puts the body under the key in its bucket with its media type', async () => {
    // Prepare
    const { client, commands } = fakeAwsClient<S3>(() => ({}));
    const body = Uint8Array.from([0x1f, 0x8b, 8]);

    // Act
    await s3ObjectStore(client, 'my-ticks-bucket').put(
      'quarantine/dt=2025-07-01/x.json.gz',
      body,
      'application/gzip',
    );

    // Assess
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(PutObjectCommand);
    expect((commands[0] as PutObjectCommand).input).toEqual({
      Bucket: 'my-ticks-bucket',
      Key: 'quarantine/dt=2025-07-01/x.json.gz',
      Body: body,
      ContentType: 'application/gzip',
    });
  });

  it('lets a failure through, for the sink to report', async () => {
    const { client } = fakeAwsClient<S3>(() => {
      throw new Error('SlowDown');
    });
    await expect(s3ObjectStore(client, 'b').put('k', new Uint8Array(), 'application/gzip')).rejects.toThrow(
      'SlowDown',
    );
  });
});
