import { type DayAudit, type DayAuditor, describeDayAudit } from '../audit';
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
  /**
   * The audit a seal waits for (shared/audit: Kafka's log of the day against S3). `null` compacts
   * without sealing: nothing then vouches that the day is whole.
   */
  readonly audit: DayAuditor | null;
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
   * The day's seal: `written` now, `unchanged` (it already said this), `planned` (a dry run that
   * would write it), `withheld` (the audit is not clean: see `audit` and `reasons`) or `unaudited`
   * (no audit was given). None when the day holds nothing of the topic.
   */
  readonly seal: SealOutcome | undefined;
  /** Objects put (compacted files and the seal) and deleted: both 0 when the day was already done. */
  readonly writes: number;
  readonly deletes: number;
}

export type SealOutcome =
  | {
      readonly key: string;
      readonly state: 'written' | 'unchanged' | 'planned';
      readonly content: Seal;
      readonly audit: DayAudit;
    }
  | {
      readonly key: string;
      readonly state: 'withheld';
      readonly audit: DayAudit;
      /** What keeps the day from being sealed, a line per partition. */
      readonly reasons: readonly string[];
    }
  | { readonly key: string; readonly state: 'unaudited' };

/**
 * Compacts every partition of a topic's day into one file each, then audits the day against
 * Kafka and, when the audit is clean, seals it.
 *
 * Partitions go one after the other, each finished (written, verified, inputs deleted) before the
 * next starts; the first failure stops the run with nothing of that partition deleted, and no seal
 * is written until every partition succeeded and the audit found every record Kafka logged for the
 * day in S3, with the sink's group past them. Running again resumes: a partition already done is
 * recognised and left alone, one interrupted is finished. The seal is rewritten only when what it
 * says changed (a late object merged), so a second run writes and deletes nothing.
 *
 * Two runs of one day at once (the schedule and a person, say) cannot undo each other: every put
 * is conditional on the version listed (S3 If-None-Match / If-Match), every delete names the
 * version read and verified (If-Match), and the seal replaces only the seal read. The run that
 * loses a race stops with a ConcurrentChangeError, having overwritten and deleted nothing of it.
 *
 * @example
 * const summary = await compactDay(s3CompactionStore(s3, bucket), {
 *   dt: '2025-07-01', topic: 'ticks', prefixes: compactionPrefixes({ ticks: 'ticks/', quarantine: 'quarantine/' }),
 *   audit: kafkaDayAuditor({ admin, groupId: 'stock-ticks-sink', store, prefixes }),
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
  const summary = {
    dt,
    topic,
    dryRun,
    partitions,
    ignored: plan.ignored,
    writes: partitions.filter((p) => p.wrote).length,
    deletes: partitions.reduce((n, p) => n + p.deleted.length, 0),
  };
  if (partitions.length === 0 && quarantined.size === 0) return { ...summary, seal: undefined };
  const key = sealKey(prefixes.seals, dt, topic);
  if (!request.audit) return { ...summary, seal: { key, state: 'unaudited' } };
  const audit = await request.audit(dt, topic);
  const reasons = [...describeDayAudit(audit), ...unlogged(partitions, audit)];
  if (reasons.length > 0) return { ...summary, seal: { key, state: 'withheld', audit, reasons } };
  const content = buildSeal(dt, topic, partitions, quarantined, audit, (request.now ?? (() => new Date()))());
  const { seal: previous, etag } = await readSeal(store, key);
  if (previous && sameSealContent(previous, content))
    return { ...summary, seal: { key, state: 'unchanged', content: previous, audit } };
  if (dryRun) return { ...summary, seal: { key, state: 'planned', content, audit } };
  // Replace only the seal this run read (or create it only if none is there), so a slower run
  // cannot put back an older seal over a newer one.
  await store.put(
    key,
    serializeSeal(content),
    SEAL_CONTENT_TYPE,
    etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
  );
  return { ...summary, seal: { key, state: 'written', content, audit }, writes: summary.writes + 1 };
}

/** Whether the day's audit found committed records missing from S3 (data loss, not a lag). */
export function auditFoundGap(summary: Pick<DaySummary, 'seal'>): boolean {
  return summary.seal?.state === 'withheld' && summary.seal.audit.state === 'gap';
}

/**
 * Partitions with ticks of the day but none of the day's records in Kafka's log (retention removed
 * them, or the audit asked the wrong cluster): nothing there could be checked, so nothing is sealed.
 */
function unlogged(partitions: readonly PartitionOutcome[], audit: DayAudit): string[] {
  return partitions
    .filter((p) => !audit.partitions.some((a) => a.partition === p.partition && a.from < a.to))
    .map(
      (p) =>
        `partition ${p.partition}: ${p.output.rows} tick(s) of the day are stored, but Kafka's log holds no record of the day to check them against (removed by retention, or another cluster or topic)`,
    );
}

/** The current seal (undefined when there is none or it is unreadable: then it is rewritten) and its version. */
async function readSeal(
  store: CompactionStore,
  key: string,
): Promise<{ seal: Seal | undefined; etag: string | undefined }> {
  let etag: string | undefined;
  for await (const o of store.list(key)) if (o.key === key) etag = o.etag;
  const bytes = await store.get(key);
  if (!bytes) return { seal: undefined, etag };
  try {
    return { seal: parseSeal(bytes, key), etag };
  } catch {
    return { seal: undefined, etag };
  }
}

/**
 * The seal of a day from its compacted partitions, quarantine counts and clean audit. Partitions
 * with only quarantined records are listed with no offsets.
 */
export function buildSeal(
  dt: string,
  topic: string,
  partitions: readonly PartitionOutcome[],
  quarantined: ReadonlyMap<number, number>,
  audit: DayAudit,
  now: Date,
): Seal {
  const numbers = [...new Set([...partitions.map((p) => p.partition), ...quarantined.keys()])].sort(
    (a, b) => a - b,
  );
  return {
    version: SEAL_VERSION,
    dt,
    topic,
    partitions: numbers.map((partition) => {
      const p = partitions.find((x) => x.partition === partition);
      const log = audit.partitions.find((x) => x.partition === partition && x.from < x.to);
      return {
        partition,
        firstOffset: p?.firstOffset ?? null,
        lastOffset: p?.lastOffset ?? null,
        rows: p?.output.rows ?? 0,
        offsets: p?.offsets ?? 0,
        tickIdRepeats: p?.tickIdRepeats ?? 0,
        quarantined: quarantined.get(partition) ?? 0,
        logFrom: log?.from ?? null,
        logTo: log?.to ?? null,
      };
    }),
    files: partitions.map((p) => ({ ...p.output })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    sealedAt: now.toISOString(),
  };
}
