import { PARQUET_CONTENT_TYPE } from '../sink';
import type { StoredTick } from '../tick';
import { encodeCompactedParquet } from './encode';
import { CompactionError, ForeignObjectError, VerificationError } from './errors';
import { mergeRows } from './merge';
import { compactedKey, deletesAfter, offsetRange, type PartitionJob, rowsMatchKey } from './plan';
import { inPool } from './pool';
import { readTickRows, sameRows, sha256Hex } from './rows';
import type { CompactionStore } from './store';
import { expectedContent, verifyCompacted } from './verify';

/** What compacting one partition of a day did (or, in a dry run, would do). */
export interface PartitionOutcome {
  readonly partition: number;
  /**
   * `unchanged`: the day already is one compacted file with exactly the merged rows (nothing
   * written, nothing deleted). `compacted`: written (or found already written), verified, inputs
   * deleted. `planned`: a dry run; nothing written or deleted.
   */
  readonly action: 'unchanged' | 'compacted' | 'planned';
  readonly inputs: readonly { readonly key: string; readonly bytes: number; readonly rows: number }[];
  readonly output: {
    readonly key: string;
    readonly bytes: number;
    readonly sha256: string;
    readonly rows: number;
  };
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** Distinct offsets among the inputs: what the file must hold, one row each. */
  readonly offsets: number;
  readonly copiesDropped: number;
  readonly tickIdRepeats: number;
  /** Whether the file was put (false when an identical one was already there). */
  readonly wrote: boolean;
  readonly deleted: readonly string[];
}

/** Requests in flight at once: enough to hide S3's round trips, few enough for a small Lambda. */
const IN_FLIGHT = 16;

interface ReadInput {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly rows: StoredTick[];
  readonly compacted: boolean;
}

/**
 * Compacts one partition of a day, in the only order that never loses a row:
 * 1. read every input and merge their rows (./merge.ts);
 * 2. encode the file (when it is to replace a file of the same name, check the encoded bytes in
 *    memory first: that file's rows exist nowhere else);
 * 3. put it — unless an input with the same key already has these very bytes (a run that crashed
 *    after its write, or a late copy of rows it already holds);
 * 4. read it back from the store and verify count, offsets and values against the inputs;
 * 5. only then delete the inputs it replaces (several at once), never its own key.
 * A crash anywhere leaves every row stored at least once: before step 5 the inputs are all there;
 * during it, the verified file holds them. The next run reads the file and what is left, merges
 * them (dropping the copies) and finishes.
 *
 * The put in step 3 may replace an older compacted file of the same name (a late object whose
 * offsets fall inside its range): the new content holds every row of the old, checked in step 2.
 * A dry run stops before step 3.
 */
export async function compactPartition(
  store: CompactionStore,
  ticksPrefix: string,
  job: PartitionJob,
  options: { readonly dryRun?: boolean } = {},
): Promise<PartitionOutcome> {
  const inputs = await readInputs(store, job);
  const merged = mergeRows(inputs);
  if (merged.rows.length === 0)
    throw new ForeignObjectError(
      `the tick objects of ${job.topic} partition ${job.partition} on ${job.dt} hold no rows; the sink never writes an ` +
        'empty object: move them out of the ticks prefix and run again',
    );
  const range = offsetRange(merged.rows.map((row) => row.at.offset));
  const outputKey = compactedKey(ticksPrefix, job, range);
  const only = inputs.length === 1 ? inputs[0]! : undefined;
  const outcome = {
    partition: job.partition,
    inputs: inputs.map((i) => ({ key: i.key, bytes: i.bytes.length, rows: i.rows.length })),
    firstOffset: range.first,
    lastOffset: range.last,
    offsets: merged.rows.length,
    copiesDropped: merged.copiesDropped,
    tickIdRepeats: merged.tickIdRepeats,
  };
  if (only?.compacted && only.key === outputKey && sameRows(only.rows, merged.rows)) {
    const output = {
      key: only.key,
      bytes: only.bytes.length,
      sha256: sha256Hex(only.bytes),
      rows: only.rows.length,
    };
    return { ...outcome, action: 'unchanged', output, wrote: false, deleted: [] };
  }

  const body = encodeCompactedParquet(merged.rows);
  const output = { key: outputKey, bytes: body.length, sha256: sha256Hex(body), rows: merged.rows.length };
  const expected = expectedContent(inputs, merged.rows);
  const deletes = deletesAfter(ticksPrefix, job, outputKey);
  const existing = inputs.find((i) => i.key === outputKey);
  const wrote = existing === undefined || sha256Hex(existing.bytes) !== output.sha256;
  if (wrote && existing) await verifyCompacted(body, outputKey, expected);
  if (options.dryRun) return { ...outcome, action: 'planned', output, wrote: false, deleted: [] };

  // Conditional: create the key only if no run made it meanwhile, or replace only the version read.
  // Two runs of one day can then never have the older file replace the newer.
  const listed = job.inputs.find((i) => i.key === outputKey);
  if (wrote)
    await store.put(
      outputKey,
      body,
      PARQUET_CONTENT_TYPE,
      listed ? (listed.etag ? { ifMatch: listed.etag } : undefined) : { ifNoneMatch: '*' },
    );
  const stored = await store.get(outputKey);
  if (!stored)
    throw new VerificationError(
      `${outputKey} cannot be read back after writing it; no input was deleted. Run again`,
    );
  await verifyCompacted(stored, outputKey, expected);

  // Any subset of the inputs may be gone now: the verified file holds all of their rows. Each is
  // deleted only in the version that was read and verified.
  const etags = new Map(job.inputs.map((i) => [i.key, i.etag]));
  await inPool(deletes, IN_FLIGHT, (key) => store.delete(key, etags.get(key)));
  return { ...outcome, action: 'compacted', output, wrote, deleted: deletes };
}

async function readInputs(store: CompactionStore, job: PartitionJob): Promise<ReadInput[]> {
  return inPool(job.inputs, IN_FLIGHT, async (input) => {
    const bytes = await store.get(input.key);
    if (!bytes)
      throw new CompactionError(
        `${input.key} was listed but is gone: is another compaction of ${job.dt} running? Run again once it has finished`,
      );
    const rows = await readTickRows(bytes, input.key);
    const coordinates = rows.map((row) => row.at);
    if (!rowsMatchKey(job, coordinates))
      throw new ForeignObjectError(
        `${input.key} holds rows of another topic or partition than its name says; it was not written by the sink: ` +
          'move it out of the ticks prefix and run again',
      );
    return { key: input.key, bytes, rows, compacted: input.coordinates.compacted === true };
  });
}
