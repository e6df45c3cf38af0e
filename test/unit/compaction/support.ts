import { createHash } from 'node:crypto';
import type { DayAuditor } from '../../../shared/audit';
import type { CompactionStore } from '../../../shared/compaction';
import { ConcurrentChangeError, compactionPrefixes } from '../../../shared/compaction';
import type { DecodedRecord } from '../../../shared/esm';
import { encodeObject, planObjects, type SinkPrefixes } from '../../../shared/sink';
import { DEFAULT_SYMBOLS, syntheticTicks } from '../../../shared/sources';
import type { StoredTick, Tick } from '../../../shared/tick';
import { anEsmRecord } from '../../support/builders';

export const DAY = '2025-07-01';
export const SINK_PREFIXES: SinkPrefixes = { ticks: 'ticks/', quarantine: 'quarantine/' };
export const PREFIXES = compactionPrefixes(SINK_PREFIXES);

/** One call the store saw. */
export type StoreCall = { op: 'list' | 'get' | 'put' | 'delete'; key: string };

/**
 * An in-memory bucket behind the CompactionStore seam: every call is logged, and `crashAt` makes
 * the n-th call of a kind throw instead of running (a process dying at that step).
 */
export function memoryBucket(initial: ReadonlyMap<string, Uint8Array> = new Map()) {
  const objects = new Map(initial);
  const calls: StoreCall[] = [];
  let crash: { op: StoreCall['op']; nth: number } | undefined;
  const step = (op: StoreCall['op'], key: string) => {
    calls.push({ op, key });
    if (crash?.op === op && calls.filter((c) => c.op === op).length === crash.nth)
      throw new Error(`injected crash at ${op} #${crash.nth} (${key})`);
  };
  // As S3 does: an ETag per version (the MD5 of a single-part upload), and conditional requests
  // that change nothing when their precondition fails.
  const etagOf = (key: string) => {
    const body = objects.get(key);
    return body && `"${createHash('md5').update(body).digest('hex')}"`;
  };
  const store: CompactionStore = {
    async *list(prefix) {
      step('list', prefix);
      for (const key of [...objects.keys()].sort())
        if (key.startsWith(prefix)) yield { key, size: objects.get(key)!.length, etag: etagOf(key) };
    },
    async get(key) {
      step('get', key);
      return objects.get(key);
    },
    async put(key, body, _type, condition) {
      step('put', key);
      if (condition && ('ifNoneMatch' in condition ? objects.has(key) : etagOf(key) !== condition.ifMatch))
        throw new ConcurrentChangeError(key);
      objects.set(key, body);
    },
    async delete(key, ifMatch) {
      step('delete', key);
      if (ifMatch !== undefined && etagOf(key) !== ifMatch) throw new ConcurrentChangeError(key);
      objects.delete(key);
    },
  };
  return {
    store,
    objects,
    calls,
    /** Make the n-th call of `op` from now on throw (1 = the next one). */
    crashAt(op: StoreCall['op'], nth: number) {
      calls.length = 0;
      crash = { op, nth };
    },
    heal() {
      crash = undefined;
      calls.length = 0;
    },
    count: (op: StoreCall['op']) => calls.filter((c) => c.op === op).length,
  };
}

/** Synthetic ticks of DAY from `fromSecond` for `seconds` seconds, every default symbol. */
export function ticksOf(fromSecond: number, seconds: number, symbols = DEFAULT_SYMBOLS): Tick[] {
  const startMs = Date.parse(`${DAY}T12:00:00.000Z`) + fromSecond * 1000;
  return syntheticTicks({ startMs, endMs: startMs + seconds * 1000, ticksPerSecond: 1 }, symbols);
}

/** A topic's log: ticks keyed by symbol over `partitions`, each given the next offset of its partition. */
export function logOf(
  ticks: readonly Tick[],
  partitions = 3,
  topic = 'ticks',
  next = new Map<number, number>(),
) {
  return ticks.map((tick): StoredTick => {
    const partition = [...tick.symbol].reduce((n, c) => n + c.charCodeAt(0), 0) % partitions;
    const offset = next.get(partition) ?? 0;
    next.set(partition, offset + 1);
    return { tick, at: { topic, partition, offset } };
  });
}

/** Writes rows as the sink would from one batch: one object per (date, partition), named by offsets. */
export function sinkBatch(objects: Map<string, Uint8Array>, rows: readonly StoredTick[]): string[] {
  const decoded: DecodedRecord[] = [...rows]
    .sort((a, b) => a.at.partition - b.at.partition || a.at.offset - b.at.offset)
    .map((row) => ({ ok: true, tick: row.tick, at: row.at }));
  return planObjects(decoded, SINK_PREFIXES).map((planned) => {
    const { key, body } = encodeObject(planned);
    objects.set(key, body);
    return key;
  });
}

/** Sinks a log in batches of `size` records (in offset order per partition, as the mapping delivers). */
export function sinkInBatches(
  objects: Map<string, Uint8Array>,
  log: readonly StoredTick[],
  size: number,
): void {
  for (let i = 0; i < log.length; i += size) sinkBatch(objects, log.slice(i, i + size));
}

/** Quarantines records of DAY at the given coordinates, as the sink does a refused record. */
export function quarantine(
  objects: Map<string, Uint8Array>,
  coordinates: readonly { partition: number; offset: number }[],
  topic = 'ticks',
): void {
  const decoded: DecodedRecord[] = coordinates.map(({ partition, offset }) => ({
    ok: false,
    reason: 'value is not JSON',
    record: anEsmRecord({ topic, partition, offset, timestamp: Date.parse(`${DAY}T12:00:00.000Z`) }),
  }));
  for (const planned of planObjects(decoded, SINK_PREFIXES)) {
    const { key, body } = encodeObject(planned);
    objects.set(key, body);
  }
}

/** Every tick object's key of a day (batch and compacted). */
export function tickKeys(objects: ReadonlyMap<string, Uint8Array>, dt = DAY): string[] {
  return [...objects.keys()].filter((k) => k.startsWith(`ticks/dt=${dt}/`)).sort();
}

/**
 * An audit that finds the day whole: each of the three partitions' records in the log are
 * [0, 10_000) and all in S3. For the tests of compaction itself; the audit has its own
 * (test/unit/audit).
 */
export const cleanAudit: DayAuditor = async () => ({
  state: 'clean',
  partitions: [0, 1, 2].map((partition) => ({
    partition,
    from: 0,
    to: 10_000,
    committed: 10_000,
    missing: 0,
    gaps: [],
    pending: 0,
  })),
});
