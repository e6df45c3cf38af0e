import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, s3CompactionStore } from '../../shared/compaction';
import { localEnv, s3Client, unique } from './support';

/**
 * The store's conditional requests on a real S3-protocol server: what keeps two compactions of
 * one day from undoing each other (S3 answers a failed precondition with 412, Amazon S3 User
 * Guide, "How to prevent object overwrites with conditional writes", "How to perform conditional
 * deletes").
 */
const env = localEnv();
const store = s3CompactionStore(s3Client(env), env.s3.bucket);
const body = (text: string) => new TextEncoder().encode(text);

async function listed(key: string) {
  for await (const o of store.list(key)) if (o.key === key) return o;
  return undefined;
}

describe('the compaction store on the real S3', () => {
  it('creates a key only if it is absent, and replaces only the version listed', async () => {
    const key = `${unique('it-cond')}/a.json`;

    await store.put(key, body('first'), 'application/json', { ifNoneMatch: '*' });
    const first = await listed(key);
    await expect(store.put(key, body('second'), 'application/json', { ifNoneMatch: '*' })).rejects.toThrow(
      ConcurrentChangeError,
    );
    await expect(
      store.put(key, body('second'), 'application/json', { ifMatch: '"0123456789abcdef0123456789abcdef"' }),
    ).rejects.toThrow(ConcurrentChangeError);
    expect(new TextDecoder().decode(await store.get(key))).toBe('first');

    await store.put(key, body('second'), 'application/json', { ifMatch: first!.etag! });
    expect(new TextDecoder().decode(await store.get(key))).toBe('second');
    expect((await listed(key))!.etag).not.toBe(first!.etag);
  });

  it('deletes only the version it names', async () => {
    const key = `${unique('it-cond')}/b.json`;
    await store.put(key, body('one'), 'application/json');
    const one = await listed(key);
    await store.put(key, body('two'), 'application/json');

    await expect(store.delete(key, one!.etag!)).rejects.toThrow(ConcurrentChangeError);
    expect(new TextDecoder().decode(await store.get(key))).toBe('two');

    await store.delete(key, (await listed(key))!.etag!);
    expect(await store.get(key)).toBeUndefined();
  });
});
