import { gzipSync } from 'node:zlib';
import { encodeTicksParquet, PARQUET_CONTENT_TYPE } from './parquet';
import type { PlannedObject } from './plan';

/** An object ready to put: its key, its bytes and their media type. */
export interface EncodedObject {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType: string;
}

/**
 * Quarantine is rare and read by people and the replay tool, not scanned by Athena: gzip JSON
 * lines at zlib's default level keep every byte of the raw record readable with everyday tools.
 */
const QUARANTINE_CONTENT_TYPE = 'application/gzip';

/** The bytes of a planned object: Parquet for ticks, gzip JSON lines for refused records. */
export function encodeObject(object: PlannedObject): EncodedObject {
  if (object.kind === 'ticks')
    return { key: object.key, body: encodeTicksParquet(object.rows), contentType: PARQUET_CONTENT_TYPE };
  return {
    key: object.key,
    body: gzipSync(`${object.lines.join('\n')}\n`),
    contentType: QUARANTINE_CONTENT_TYPE,
  };
}
