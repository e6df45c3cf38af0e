import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';

// The sink writes gzip pages (shared/sink/parquet.ts); hyparquet decodes only Snappy by itself.
const COMPRESSORS = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };

/**
 * The rows of a Parquet file as objects, optionally only some columns. INT64 columns come back
 * as bigint and timestamps as Date, as hyparquet decodes them.
 */
export async function parquetRows(
  bytes: Uint8Array,
  columns?: readonly string[],
): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({
    file,
    compressors: COMPRESSORS,
    ...(columns ? { columns: [...columns] } : {}),
  });
}
