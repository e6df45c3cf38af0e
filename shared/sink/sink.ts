import { gzipSync } from 'node:zlib';
import { decodeRecord, recordsOf } from '../esm';
import type { EventTimeWindow } from '../tick';
import { SinkWriteError } from './errors';
import { planObjects, type SinkPrefixes } from './plan';
import type { ObjectStore } from './store';

export interface SinkSummary {
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly objects: number;
  readonly bytes: number;
  readonly keys: readonly string[];
}

export interface SinkOptions {
  readonly prefixes: SinkPrefixes;
  readonly eventTimeWindow?: EventTimeWindow;
  /** zlib level 1-9; see DEFAULT_GZIP_LEVEL. */
  readonly gzipLevel?: number;
}

/**
 * Measured on 10,000 ticks (3.7 MB of rows) here: level 1 took 27 ms for 785 KB, level 4 37 ms
 * for 702 KB, level 6 (zlib's default) 61 ms for 632 KB. Level 4 keeps most of the size (which
 * Athena bills by) at 60% of the default's CPU time on the sink's hot path.
 */
export const DEFAULT_GZIP_LEVEL = 4;

/**
 * Handles one ESM batch: decode and validate every record, write good ticks and refused records
 * to their objects, and fail only if an object cannot be written (so the mapping redelivers the
 * batch, which rewrites the same keys). A bad record never fails the batch.
 */
export async function sinkBatch(
  event: unknown,
  store: ObjectStore,
  options: SinkOptions,
): Promise<SinkSummary> {
  const records = recordsOf(event);
  const decoded = records.map((r) => decodeRecord(r, options.eventTimeWindow));
  const planned = planObjects(decoded, options.prefixes);
  const level = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  const bodies = planned.map((o) => gzipSync(`${o.lines.join('\n')}\n`, { level }));
  const results = await Promise.allSettled(planned.map((o, i) => store.put(o.key, bodies[i]!)));
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ key: planned[i]!.key, error: r.reason }] : [],
  );
  if (failed.length > 0) {
    const first = failed[0]!;
    throw new SinkWriteError(
      `${failed.length} of ${planned.length} objects could not be written (first: ${first.key}: ${(first.error as Error)?.message}); the batch will be redelivered`,
      { cause: first.error },
    );
  }
  const quarantined = decoded.filter((d) => !d.ok).length;
  return {
    records: records.length,
    written: records.length - quarantined,
    quarantined,
    objects: planned.length,
    bytes: bodies.reduce((n, b) => n + b.length, 0),
    keys: planned.map((o) => o.key),
  };
}
