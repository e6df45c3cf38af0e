import { TOPIC } from '../rules';
import { type ObjectCoordinates, objectKey, parseObjectKey } from '../sink';
import type { KafkaCoordinates } from '../tick';
import { CompactionRequestError, UnsafeDeleteError } from './errors';
import type { ListedObject } from './store';

/** One input object of a partition's compaction, with the coordinates its key names. */
export interface PlannedInput extends ListedObject {
  readonly coordinates: ObjectCoordinates;
}

/** A partition of the day: every tick object of (day, topic, partition), in key order. */
export interface PartitionJob {
  readonly dt: string;
  readonly topic: string;
  readonly partition: number;
  readonly inputs: readonly PlannedInput[];
}

export interface DayPlan {
  readonly dt: string;
  readonly topic: string;
  readonly partitions: readonly PartitionJob[];
  /**
   * Keys in the day's folder that name the topic but are not tick objects the sink or compaction
   * writes. Neither Athena's table nor the audit reads them; compaction leaves them alone.
   */
  readonly ignored: readonly string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a day and topic before anything is listed: a real UTC date `YYYY-MM-DD` and a Kafka
 * topic name (the parts of every key compaction builds).
 *
 * @throws CompactionRequestError saying what is accepted
 */
export function checkDayRequest(dt: string, topic: string): void {
  const ms = Date.parse(`${dt}T00:00:00Z`);
  // Date.parse takes 2025-02-30 (rolled into March): the day must read back as itself.
  if (!DAY.test(dt) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== dt)
    throw new CompactionRequestError(`--date must be a UTC day as YYYY-MM-DD, e.g. 2025-07-01 (got "${dt}")`);
  if (!TOPIC.test(topic))
    throw new CompactionRequestError(
      `--topic must be a Kafka topic name (1-249 of A-Z a-z 0-9 . _ -), e.g. ticks (got "${topic}")`,
    );
}

/** The folder holding a day's tick objects. */
export function dayFolder(ticksPrefix: string, dt: string): string {
  return `${ticksPrefix}dt=${dt}/`;
}

/**
 * Groups a listing of the day's folder into one job per partition of the topic. Pure: the
 * listing decides everything, so a dry run and a real run plan the same.
 *
 * @example planDay('2025-07-01', 'ticks', 'ticks/', listing).partitions.map((p) => p.inputs.length)
 */
export function planDay(
  dt: string,
  topic: string,
  ticksPrefix: string,
  listing: readonly ListedObject[],
): DayPlan {
  const byPartition = new Map<number, PlannedInput[]>();
  const ignored: string[] = [];
  const folder = dayFolder(ticksPrefix, dt);
  for (const object of listing) {
    if (!object.key.startsWith(folder)) continue;
    const coordinates = parseObjectKey(ticksPrefix, object.key, 'ticks');
    if (!coordinates) {
      if (object.key.slice(folder.length).startsWith(`${topic}-`)) ignored.push(object.key);
      continue;
    }
    if (coordinates.topic !== topic) continue;
    const inputs = byPartition.get(coordinates.partition) ?? [];
    inputs.push({ ...object, coordinates });
    byPartition.set(coordinates.partition, inputs);
  }
  const partitions = [...byPartition.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partition, inputs]) => ({
      dt,
      topic,
      partition,
      inputs: inputs.sort((a, b) => (a.key < b.key ? -1 : 1)),
    }));
  return { dt, topic, partitions, ignored };
}

/** The lowest and highest of some offsets (a loop: a day's offsets are too many to spread into Math.min). */
export function offsetRange(offsets: readonly number[]): { first: number; last: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const offset of offsets) {
    if (offset < first) first = offset;
    if (offset > last) last = offset;
  }
  return { first, last };
}

/** The compacted file's key: named by the lowest and highest offset of the rows it holds. */
export function compactedKey(
  ticksPrefix: string,
  job: PartitionJob,
  range: { first: number; last: number },
): string {
  return objectKey(
    ticksPrefix,
    {
      dt: job.dt,
      topic: job.topic,
      partition: job.partition,
      firstOffset: range.first,
      lastOffset: range.last,
      compacted: true,
    },
    'ticks',
  );
}

/**
 * Whether rows read from an object belong where its key puts them: the key's topic and
 * partition. The sink names objects after the records they hold, so a mismatch means someone else
 * wrote the object, and merging it would move its rows to another partition's file.
 */
export function rowsMatchKey(job: PartitionJob, coordinates: readonly KafkaCoordinates[]): boolean {
  return coordinates.every((at) => at.topic === job.topic && at.partition === job.partition);
}

/**
 * The deletes that follow a verified write: every input but the new file itself. Each is checked
 * once more against the job (listed as its input, in its day's folder, of its topic and
 * partition), so no bug elsewhere can turn compaction into a delete of anything else.
 *
 * @throws UnsafeDeleteError before any delete, naming the key
 */
export function deletesAfter(ticksPrefix: string, job: PartitionJob, outputKey: string): string[] {
  const deletes = job.inputs.map((input) => input.key).filter((key) => key !== outputKey);
  for (const key of deletes) {
    const c = parseObjectKey(ticksPrefix, key, 'ticks');
    const ok =
      c !== undefined &&
      key.startsWith(dayFolder(ticksPrefix, job.dt)) &&
      c.dt === job.dt &&
      c.topic === job.topic &&
      c.partition === job.partition;
    if (!ok)
      throw new UnsafeDeleteError(
        `refusing to delete ${key}: it is not a tick object of ${job.topic} partition ${job.partition} on ${job.dt}`,
      );
  }
  return deletes;
}
