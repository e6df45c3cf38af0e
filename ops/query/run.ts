import { S3Client } from '@aws-sdk/client-s3';
import { type LocalS3, s3ClientConfig } from '../../local/infra';
import { localDir } from '../../local/paths';
import { type QueryResult, queryTickFiles } from './engine';
import { dtFilterOf } from './partitions';
import { syncPartitions } from './sync';

export interface LocalQueryResult extends QueryResult {
  readonly files: number;
  readonly downloaded: number;
  /** Objects in the partitions read that are not Parquet tick objects, so not queried. */
  readonly skipped: readonly string[];
}

/**
 * SQL over the tick table as stored in S3: fetch the partitions the query needs into the local
 * cache (.local/query-cache), then run it with DuckDB over the shared Athena definition.
 */
export async function queryTicks(
  s3Config: LocalS3,
  sql: string,
  prefix = 'ticks/',
): Promise<LocalQueryResult> {
  const s3 = new S3Client(s3ClientConfig(s3Config));
  try {
    const cacheDir = localDir('query-cache', s3Config.bucket);
    const synced = await syncPartitions(s3, s3Config.bucket, prefix, cacheDir, dtFilterOf(sql));
    const result = await queryTickFiles(synced.files, sql);
    return {
      ...result,
      files: synced.files.length,
      downloaded: synced.downloaded,
      skipped: synced.skipped,
    };
  } finally {
    s3.destroy();
  }
}

/** The query `npm start` ends with: the latest price of every symbol. */
export const LAST_PRICE_SQL = `
SELECT symbol, max_by(close, event_time) AS last_close, max(event_time) AS at, count(*) AS ticks
FROM ticks GROUP BY symbol ORDER BY symbol`;
