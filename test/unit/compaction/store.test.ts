import {
  DeleteObjectCommand,
  type GetObjectCommand,
  type ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, s3CompactionStore } from '../../../shared/compaction';
import { awsResponse } from '../../support/aws-fixtures';

/** A stand-in for S3Client.send answering per command, recording each. */
function fakeS3(answer: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  return {
    sent,
    s3: {
      send: async (command: unknown) => {
        sent.push(command);
        const out = answer(command);
        if (out instanceof Error) throw out;
        return out;
      },
    } as never,
  };
}

describe('s3CompactionStore', () => {
  it('lists every page of a prefix', async () => {
    // Prepare
    const { s3, sent } = fakeS3((c) =>
      (c as ListObjectsV2Command).input.ContinuationToken
        ? { Contents: [{ Key: 'p/b', Size: 2 }] }
        : { Contents: [{ Key: 'p/a', Size: 1 }, {}], NextContinuationToken: 't' },
    );

    // Act
    const keys = [];
    for await (const o of s3CompactionStore(s3, 'bucket').list('p/')) keys.push(o);

    // Assess
    expect(keys).toEqual([
      { key: 'p/a', size: 1 },
      { key: 'p/b', size: 2 },
    ]);
    expect(sent.map((c) => (c as ListObjectsV2Command).input)).toEqual([
      { Bucket: 'bucket', Prefix: 'p/', ContinuationToken: undefined },
      { Bucket: 'bucket', Prefix: 'p/', ContinuationToken: 't' },
    ]);
  });

  it('gets bytes, and undefined for a key that is not there', async () => {
    // Prepare
    const { s3 } = fakeS3((c) =>
      (c as GetObjectCommand).input.Key === 'here'
        ? { Body: { transformToByteArray: async () => new Uint8Array([1, 2]) } }
        : new NoSuchKey({ message: 'no', $metadata: {} }),
    );
    const store = s3CompactionStore(s3, 'bucket');

    // Act, Assess
    expect(await store.get('here')).toEqual(new Uint8Array([1, 2]));
    expect(await store.get('gone')).toBeUndefined();
  });

  it('passes on any other failure of a get', async () => {
    const { s3 } = fakeS3(() => Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    await expect(s3CompactionStore(s3, 'bucket').get('k')).rejects.toThrow('Access Denied');
  });

  it('puts with the content type and deletes by key', async () => {
    // Prepare
    const { s3, sent } = fakeS3(() => ({}));
    const store = s3CompactionStore(s3, 'bucket');

    // Act
    await store.put('k', new Uint8Array([1]), 'application/json');
    await store.delete('k');

    // Assess
    expect(sent[0]).toBeInstanceOf(PutObjectCommand);
    expect((sent[0] as PutObjectCommand).input).toMatchObject({
      Bucket: 'bucket',
      Key: 'k',
      ContentType: 'application/json',
    });
    expect(sent[1]).toBeInstanceOf(DeleteObjectCommand);
    expect((sent[1] as DeleteObjectCommand).input).toEqual({ Bucket: 'bucket', Key: 'k' });
  });

  it('sends the preconditions it is given, and the listed ETag with each object', async () => {
    // Prepare
    const { s3, sent } = fakeS3((c) =>
      c instanceof PutObjectCommand || c instanceof DeleteObjectCommand
        ? {}
        : { Contents: [{ Key: 'p/a', Size: 1, ETag: '"abc"' }] },
    );
    const store = s3CompactionStore(s3, 'bucket');

    // Act
    const listed = [];
    for await (const o of store.list('p/')) listed.push(o);
    await store.put('k', new Uint8Array([1]), 'application/json', { ifNoneMatch: '*' });
    await store.put('k', new Uint8Array([2]), 'application/json', { ifMatch: '"abc"' });
    await store.delete('k', '"def"');

    // Assess
    expect(listed).toEqual([{ key: 'p/a', size: 1, etag: '"abc"' }]);
    expect((sent[1] as PutObjectCommand).input).toMatchObject({ IfNoneMatch: '*' });
    expect((sent[1] as PutObjectCommand).input.IfMatch).toBeUndefined();
    expect((sent[2] as PutObjectCommand).input).toMatchObject({ IfMatch: '"abc"' });
    expect((sent[2] as PutObjectCommand).input.IfNoneMatch).toBeUndefined();
    expect((sent[3] as DeleteObjectCommand).input).toEqual({ Bucket: 'bucket', Key: 'k', IfMatch: '"def"' });
  });

  // How S3 refuses a conditional request (test/fixtures/aws/responses/s3-conditional-request-refusals.json).
  const refusals = awsResponse<
    Record<'preconditionFailed' | 'conflict', { httpStatusCode: number; code: string }>
  >('s3-conditional-request-refusals');
  const cases = Object.values(refusals).flatMap(({ httpStatusCode, code }): [string, object][] => [
    [`${httpStatusCode} ${code}`, { name: code, $metadata: { httpStatusCode } }],
    [`${httpStatusCode} by status alone`, { name: 'Unknown', $metadata: { httpStatusCode } }],
    [`${code} by name alone`, { name: code }],
  ]);
  it.each(cases)('turns %s into a ConcurrentChangeError naming the key', async (_, fields) => {
    const { s3 } = fakeS3(() => Object.assign(new Error('refused'), fields));
    const store = s3CompactionStore(s3, 'bucket');

    await expect(store.put('ticks/x', new Uint8Array([1]), 't', { ifNoneMatch: '*' })).rejects.toThrow(
      ConcurrentChangeError,
    );
    await expect(store.delete('ticks/x', '"e"')).rejects.toThrow(
      /^ticks\/x changed while this compaction ran/,
    );
  });

  it('passes on any other failure of a put or a delete', async () => {
    const { s3 } = fakeS3(() =>
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    );
    const store = s3CompactionStore(s3, 'bucket');

    await expect(store.put('k', new Uint8Array([1]), 't')).rejects.toThrow('Access Denied');
    await expect(store.delete('k')).rejects.toThrow('Access Denied');
  });
});
