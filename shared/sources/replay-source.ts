import { readFile } from 'node:fs/promises';
import { S3_URI } from '../rules/s3';
import { TickSourceError } from './errors';
import { parseReplayCsv, type ReplayRow } from './replay-csv';

/** Reads an object's text from S3; the producer passes one backed by its S3 client. */
export type ReadS3Text = (bucket: string, key: string) => Promise<string>;

/**
 * Loads and parses a replay CSV from a local path or an `s3://bucket/key` URI.
 * Callers cache the result per container: the file is read once, not per invocation.
 */
export async function loadReplayRows(uri: string, readS3Text: ReadS3Text): Promise<ReplayRow[]> {
  const s3 = S3_URI.exec(uri);
  let text: string;
  try {
    text = s3 ? await readS3Text(s3[1]!, s3[2]!) : await readFile(uri, 'utf8');
  } catch (error) {
    throw new TickSourceError(`Cannot read REPLAY_CSV_URI ${uri}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseReplayCsv(text, uri);
}
