/**
 * Smoke test of the local S3 server with what the current @aws-sdk/client-s3 sends by default:
 * a streamed upload (aws-chunked with a trailing CRC32 checksum), paginated ListObjectsV2, and
 * delimiter listings of deep keys.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { s3ClientConfig } from '../../local/infra';

const env = inject('localEnv');
const { bucket } = env.s3;
const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
const prefix = `smoke-s3/${runId}/`;
const s3 = new S3Client(s3ClientConfig(env.s3));

/** Lists every key under a prefix, following continuation tokens (default MaxKeys: 1,000). */
async function listAll(Prefix: string): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix })) {
    pages += 1;
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return { keys, pages };
}

/** JSON lines, gzipped, and the gzip cut into 64 KiB chunks for a stream. */
function gzipLines(count: number): { text: string; gz: Buffer; chunks: Buffer[] } {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ i, symbol: `SYM${i % 37}`, price: Math.round(Math.sin(i) * 1e6) / 100 }),
  );
  const text = `${lines.join('\n')}\n`;
  const gz = gzipSync(Buffer.from(text));
  const chunks = Array.from({ length: Math.ceil(gz.length / 65_536) }, (_, i) =>
    gz.subarray(i * 65_536, (i + 1) * 65_536),
  );
  return { text, gz, chunks };
}

/** Sends a PutObject and returns the HTTP headers the SDK actually sent (after checksums and signing). */
async function putCapturingHeaders(input: PutObjectCommandInput): Promise<Record<string, string>> {
  let headers: Record<string, string> = {};
  const command = new PutObjectCommand(input);
  command.middlewareStack.add(
    (next) => async (args) => {
      headers = { ...(args.request as { headers: Record<string, string> }).headers };
      return next(args);
    },
    { step: 'deserialize', name: 'captureSentHeaders' },
  );
  await s3.send(command);
  return headers;
}

afterAll(async () => {
  // S3Mock keeps its data across runs: remove this run's objects.
  const { keys } = await listAll(prefix);
  for (let i = 0; i < keys.length; i += 1000) {
    const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects } }));
  }
  s3.destroy();
});

describe('local S3 server', () => {
  it('a gzip body streamed with the default checksum comes back byte for byte', async () => {
    // Prepare: ~1 MB of JSON lines, gzipped, sent as a stream of 64 KiB chunks.
    const { text, gz, chunks } = gzipLines(20_000);
    const key = `${prefix}stream/ticks.jsonl.gz`;

    // Act
    const sent = await putCapturingHeaders({
      Bucket: bucket,
      Key: key,
      Body: Readable.from(chunks),
      ContentLength: gz.length,
      ContentType: 'application/gzip',
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    const body = Buffer.from(await got.Body!.transformToByteArray());

    // Assess: the SDK really streamed aws-chunked with a CRC32 trailer, and the server stored the
    // payload (not the chunk framing) and the checksum.
    expect(sent['x-amz-content-sha256']).toMatch(/^STREAMING-/);
    expect(sent['content-encoding']).toBe('aws-chunked');
    expect(sent['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    expect(body.equals(gz)).toBe(true);
    expect(gunzipSync(body).toString()).toBe(text);
    const expectedCrc = Buffer.alloc(4);
    expectedCrc.writeUInt32BE(crc32(gz));
    expect(got.ChecksumCRC32).toBe(expectedCrc.toString('base64'));
  });

  // Known S3Mock (5.2.0) defect, kept visible: with its own Content-Encoding the SDK sends
  // `Content-Encoding: gzip,aws-chunked`; S3Mock looks for an exact `aws-chunked` value and stores
  // the chunk framing. Real S3 strips it. Do not stream an upload that sets ContentEncoding, or
  // send a Buffer. `.fails` turns red once S3Mock handles it: then drop this note.
  it.fails('S3Mock keeps aws-chunked framing when a streamed upload sets Content-Encoding', async () => {
    const { gz, chunks } = gzipLines(2_000);
    const key = `${prefix}stream/with-content-encoding.jsonl.gz`;
    await putCapturingHeaders({
      Bucket: bucket,
      Key: key,
      Body: Readable.from(chunks),
      ContentLength: gz.length,
      ContentEncoding: 'gzip',
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(gz)).toBe(true);
  });

  it('1,100 objects list completely across pages, and a delimiter groups deep keys', async () => {
    // Prepare: 1,100 small objects under 4 "dt=" folders, two levels deep.
    const keys = Array.from(
      { length: 1100 },
      (_, i) =>
        `${prefix}many/dt=2024-01-0${(i % 4) + 1}/hour=${String(i % 24).padStart(2, '0')}/obj-${i}.json`,
    );
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `{"k":"${Key}"}` }))),
      );
    }

    // Act
    const listed = await listAll(`${prefix}many/`);
    const folders = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}many/`, Delimiter: '/' }),
    );
    // The bucket's root may hold other tests' folders too: follow every page.
    const rootPrefixes: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Delimiter: '/' })) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) rootPrefixes.push(p.Prefix);
    }
    const runLevel = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/' }),
    );

    // Assess
    expect(listed.pages).toBeGreaterThanOrEqual(2);
    expect(listed.keys).toHaveLength(keys.length);
    expect(new Set(listed.keys).size).toBe(keys.length);
    expect([...listed.keys].sort()).toEqual([...keys].sort());
    expect(folders.Contents ?? []).toHaveLength(0);
    expect((folders.CommonPrefixes ?? []).map((p) => p.Prefix)).toEqual(
      [1, 2, 3, 4].map((d) => `${prefix}many/dt=2024-01-0${d}/`),
    );
    expect(rootPrefixes).toContain('smoke-s3/');
    expect(new Set(rootPrefixes).size).toBe(rootPrefixes.length);
    expect((runLevel.CommonPrefixes ?? []).map((p) => p.Prefix)).toContain(`${prefix}many/`);
  });
});
