/**
 * Object keys, built only from validated parts (a `YYYY-MM-DD` date, a Kafka topic name, numbers),
 * so no record content can steer an object outside its prefix. Offsets are zero-padded so keys
 * sort in offset order.
 */
export interface ObjectCoordinates {
  readonly dt: string;
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  /**
   * Set on the one file compaction makes per day and partition (shared/compaction), absent on the
   * sink's batch objects: both are ticks and both are read by Athena and the audit alike, but only
   * a compacted file may stand for a whole day in a seal.
   */
  readonly compacted?: true;
}

/** What an object holds: ticks (Parquet) or refused records (gzip JSON lines). */
export type ObjectKind = 'ticks' | 'quarantine';

export const OBJECT_EXTENSIONS: Readonly<Record<ObjectKind, string>> = {
  ticks: '.parquet',
  quarantine: '.json.gz',
};

/**
 * The name's tail of a compacted tick file. It still ends in `.parquet`, so every reader of tick
 * objects (Athena, DuckDB, the audit) takes it for what it is; the marker before it tells it apart
 * from a batch object covering the same offsets.
 */
export const COMPACTED_TICKS_EXTENSION = '.compacted.parquet';

const OFFSET_DIGITS = 19; // Kafka offsets are signed 64-bit: at most 19 digits.

/**
 * `<prefix>dt=<dt>/<topic>-<partition>-<first>-<last>.parquet` (`.json.gz` for quarantine,
 * `.compacted.parquet` for ticks with `compacted` set).
 *
 * @example objectKey('ticks/', { dt: '2025-07-01', topic: 'ticks', partition: 0, firstOffset: 0, lastOffset: 9, compacted: true }, 'ticks')
 * // 'ticks/dt=2025-07-01/ticks-0-0000000000000000000-0000000000000000009.compacted.parquet'
 */
export function objectKey(prefix: string, c: ObjectCoordinates, kind: ObjectKind): string {
  if (c.compacted && kind !== 'ticks')
    throw new Error(`objectKey: only tick objects are compacted, not ${kind}`);
  const extension = c.compacted ? COMPACTED_TICKS_EXTENSION : OBJECT_EXTENSIONS[kind];
  return `${prefix}dt=${c.dt}/${c.topic}-${c.partition}-${pad(c.firstOffset)}-${pad(c.lastOffset)}${extension}`;
}

const OBJECT_NAME =
  /^dt=(\d{4}-\d{2}-\d{2}|unknown)\/([A-Za-z0-9._-]+)-(\d+)-(\d{19})-(\d{19})(\.compacted\.parquet|\.parquet|\.json\.gz)$/;

/**
 * The coordinates in a key `objectKey` made for that kind of object, or undefined for any other
 * key (another kind's extension included). A compacted tick file parses as kind `ticks`, with
 * `compacted: true`.
 */
export function parseObjectKey(prefix: string, key: string, kind: ObjectKind): ObjectCoordinates | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = OBJECT_NAME.exec(key.slice(prefix.length));
  if (!m) return undefined;
  const compacted = m[6] === COMPACTED_TICKS_EXTENSION;
  if (!(compacted ? kind === 'ticks' : m[6] === OBJECT_EXTENSIONS[kind])) return undefined;
  return {
    dt: m[1]!,
    topic: m[2]!,
    partition: Number(m[3]),
    firstOffset: Number(m[4]),
    lastOffset: Number(m[5]),
    ...(compacted ? { compacted: true as const } : {}),
  };
}

function pad(offset: number): string {
  return String(offset).padStart(OFFSET_DIGITS, '0');
}
