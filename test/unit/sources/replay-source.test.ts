import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReplayRows, ReplayCsvError, TickSourceError } from '../../../shared/sources';

const CSV =
  'Index,Date,Open,High,Low,Close,Adj Close,Volume,CloseUSD\nHSI,1986-12-31,2568.3,2568.3,2568.3,2568.3,2568.3,0.0,333.879\n';

describe('loadReplayRows', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'replay-source-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads an s3:// URI through the reader it is given, splitting bucket and key', async () => {
    // Prepare
    const calls: [string, string][] = [];
    const readS3Text = async (bucket: string, key: string) => {
      calls.push([bucket, key]);
      return CSV;
    };

    // Act
    const rows = await loadReplayRows('s3://my-bucket/data/indexProcessed.csv', readS3Text);

    // Assess
    expect(calls).toEqual([['my-bucket', 'data/indexProcessed.csv']]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: 'HSI', line: 2 });
  });

  it('reads a local path from disk without calling the S3 reader', async () => {
    // Prepare
    const path = join(dir, 'indexProcessed.csv');
    await writeFile(path, CSV);
    const readS3Text = async () => {
      throw new Error('must not be called');
    };

    // Act
    const rows = await loadReplayRows(path, readS3Text);

    // Assess
    expect(rows.map((r) => r.symbol)).toEqual(['HSI']);
  });

  it('wraps a read failure in a TickSourceError naming the URI, with the cause', async () => {
    // Prepare
    const cause = new Error('NoSuchKey');

    // Act
    const result = loadReplayRows('s3://my-bucket/missing.csv', async () => {
      throw cause;
    });

    // Assess
    await expect(result).rejects.toThrow(TickSourceError);
    await expect(result).rejects.toMatchObject({
      message: 'Cannot read REPLAY_CSV_URI s3://my-bucket/missing.csv: NoSuchKey',
      cause,
    });
  });

  it('reports a missing local file as a TickSourceError', async () => {
    await expect(loadReplayRows(join(dir, 'nope.csv'), async () => '')).rejects.toThrow(
      /^Cannot read REPLAY_CSV_URI .*nope\.csv: ENOENT/,
    );
  });

  it('names the URI when the file is not in the replay format', async () => {
    // Act
    const result = loadReplayRows('s3://my-bucket/other.csv', async () => 'a,b\n1,2\n');

    // Assess
    await expect(result).rejects.toThrow(ReplayCsvError);
    await expect(result).rejects.toThrow(/^s3:\/\/my-bucket\/other\.csv must start with the header/);
  });
});
