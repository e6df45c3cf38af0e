import { decodeRecord, recordsOf } from '../esm';
import type { EventTimeWindow } from '../tick';
import { encodeObject } from './encode';
import { SinkWriteError } from './errors';
import { planObjects, type SinkPrefixes } from './plan';
import type { ObjectStore } from './store';

export interface SinkSummary {
  readonly records: number;
  readonly written: number;
  readonly quarantined: number;
  readonly objects: number;
  readonly bytes: number;
  /**
   * The newest event time among the ticks written (epoch ms), for the freshness metric; undefined
   * when the batch held none.
   */
  readonly newestEventTimeMs: number | undefined;
  readonly keys: readonly string[];
}

export interface SinkOptions {
  readonly prefixes: SinkPrefixes;
  readonly eventTimeWindow?: EventTimeWindow;
}

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
  const encoded = planned.map(encodeObject);
  const results = await Promise.allSettled(encoded.map((o) => store.put(o.key, o.body, o.contentType)));
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
  let newest: number | undefined;
  for (const d of decoded) {
    if (!d.ok) continue;
    const ms = Date.parse(d.tick.event_time);
    if (newest === undefined || ms > newest) newest = ms;
  }
  return {
    records: records.length,
    written: records.length - quarantined,
    quarantined,
    objects: planned.length,
    bytes: encoded.reduce((n, o) => n + o.body.length, 0),
    newestEventTimeMs: newest,
    keys: planned.map((o) => o.key),
  };
}
