import { compactPartition, type PartitionOutcome } from './partition';
import { checkDayRequest, dayFolder, planDay } from './plan';
import type { CompactionPrefixes } from './prefixes';
import { quarantinedByPartition } from './quarantine';
import {
  parseSeal,
  SEAL_CONTENT_TYPE,
  SEAL_VERSION,
  type Seal,
  sameSealContent,
  sealKey,
  serializeSeal,
} from './seal';
import type { CompactionStore, ListedObject } from './store';

export interface CompactDayRequest {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly dt: string;
  readonly topic: string;
  readonly prefixes: CompactionPrefixes;
  /** Plan, read, merge and encode (in memory), but write and delete nothing. */
  readonly dryRun?: boolean;
  /** The clock of `sealedAt`. */
  readonly now?: () => Date;
  /** Told when each partition is done (for a person watching a long day). */
  readonly onPartition?: (outcome: PartitionOutcome) => void;
}

export interface DaySummary {
  readonly dt: string;
  readonly topic: string;
  readonly dryRun: boolean;
  readonly partitions: readonly PartitionOutcome[];
  /** Keys that name the topic in the day's folder but are not tick objects: left alone. */
  readonly ignored: readonly string[];
  /**
   * The day's seal: `written` now, `unchanged` (it already said this), or `planned` (a dry run
   * that would write it). None when the day holds nothing of the topic.
   */
  readonly seal:
    | { readonly key: string; readonly state: 'written' | 'unchanged' | 'planned'; readonly content: Seal }
    | undefined;
  /** Objects put (compacted files and the seal) and deleted: both 0 when the day was already done. */
  readonly writes: number;
  readonly deletes: number;
}

/**
 * Compacts every partition of a topic's day into one file each, then seals the day.
 *
 * Partitions go one after the other, each finished (written, verified, inputs deleted) before the
 * next starts; the first failure stops the run with nothing of that partition deleted, and no seal
 * is written until every partition succeeded. Running again resumes: a partition already done is
 * recognised and left alone, one interrupted is finished. The seal is rewritten only when what it
 * says changed (a late object merged), so a second run writes and deletes nothing.
 *
 * Run it once at a time per day and topic (the CLI by hand; a scheduled function with a
 * concurrency of one). A run that sees another's objects vanish fails and deletes nothing, but two
 * runs interleaved at the wrong moment could have the older file replace the newer after the newer
 * one's inputs were deleted. S3's conditional writes (If-Match) would close that; not used yet.
 *
 * @example
 * const summary = await compactDay(s3CompactionStore(s3, bucket), {
 *   dt: '2025-07-01', topic: 'ticks', prefixes: compactionPrefixes({ ticks: 'ticks/', quarantine: 'quarantine/' }),
 * });
 */
export async function compactDay(store: CompactionStore, request: CompactDayRequest): Promise<DaySummary> {
  const { dt, topic, prefixes } = request;
  checkDayRequest(dt, topic);
  const dryRun = request.dryRun === true;
  const listing: ListedObject[] = [];
  for await (const object of store.list(dayFolder(prefixes.ticks, dt))) listing.push(object);
  const plan = planDay(dt, topic, prefixes.ticks, listing);

  const partitions: PartitionOutcome[] = [];
  for (const job of plan.partitions) {
    const outcome = await compactPartition(store, prefixes.ticks, job, { dryRun });
    partitions.push(outcome);
    request.onPartition?.(outcome);
  }
  const quarantined = await quarantinedByPartition(store, prefixes.quarantine, dt, topic);
  const content = buildSeal(dt, topic, partitions, quarantined, (request.now ?? (() => new Date()))());
  const summary = {
    dt,
    topic,
    dryRun,
    partitions,
    ignored: plan.ignored,
    writes: partitions.filter((p) => p.wrote).length,
    deletes: partitions.reduce((n, p) => n + p.deleted.length, 0),
  };
  if (!content) return { ...summary, seal: undefined };
  const key = sealKey(prefixes.seals, dt, topic);
  const previous = await readSeal(store, key);
  if (previous && sameSealContent(previous, content))
    return { ...summary, seal: { key, state: 'unchanged', content: previous } };
  if (dryRun) return { ...summary, seal: { key, state: 'planned', content } };
  await store.put(key, serializeSeal(content), SEAL_CONTENT_TYPE);
  return { ...summary, seal: { key, state: 'written', content }, writes: summary.writes + 1 };
}

/** The current seal, or undefined when there is none or it is unreadable (then it is rewritten). */
async function readSeal(store: CompactionStore, key: string): Promise<Seal | undefined> {
  const bytes = await store.get(key);
  if (!bytes) return undefined;
  try {
    return parseSeal(bytes, key);
  } catch {
    return undefined;
  }
}

/**
 * The seal of a day from its compacted partitions and quarantine counts; undefined when the day
 * holds nothing of the topic. Partitions with only quarantined records are listed with no offsets.
 */
export function buildSeal(
  dt: string,
  topic: string,
  partitions: readonly PartitionOutcome[],
  quarantined: ReadonlyMap<number, number>,
  now: Date,
): Seal | undefined {
  const numbers = [...new Set([...partitions.map((p) => p.partition), ...quarantined.keys()])].sort(
    (a, b) => a - b,
  );
  if (numbers.length === 0) return undefined;
  return {
    version: SEAL_VERSION,
    dt,
    topic,
    partitions: numbers.map((partition) => {
      const p = partitions.find((x) => x.partition === partition);
      return {
        partition,
        firstOffset: p?.firstOffset ?? null,
        lastOffset: p?.lastOffset ?? null,
        rows: p?.output.rows ?? 0,
        offsets: p?.offsets ?? 0,
        tickIdRepeats: p?.tickIdRepeats ?? 0,
        quarantined: quarantined.get(partition) ?? 0,
      };
    }),
    files: partitions.map((p) => ({ ...p.output })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    sealedAt: now.toISOString(),
  };
}
