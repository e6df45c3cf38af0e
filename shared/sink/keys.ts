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
}

/** What an object holds: ticks (Parquet) or refused records (gzip JSON lines). */
export type ObjectKind = 'ticks' | 'quarantine';

export const OBJECT_EXTENSIONS: Readonly<Record<ObjectKind, string>> = {
  ticks: '.parquet',
  quarantine: '.json.gz',
};

const OFFSET_DIGITS = 19; // Kafka offsets are signed 64-bit: at most 19 digits.

/** `<prefix>dt=<dt>/<topic>-<partition>-<first>-<last>.parquet` (`.json.gz` for quarantine) */
export function objectKey(prefix: string, c: ObjectCoordinates, kind: ObjectKind): string {
  return `${prefix}dt=${c.dt}/${c.topic}-${c.partition}-${pad(c.firstOffset)}-${pad(c.lastOffset)}${OBJECT_EXTENSIONS[kind]}`;
}

const OBJECT_NAME =
  /^dt=(\d{4}-\d{2}-\d{2}|unknown)\/([A-Za-z0-9._-]+)-(\d+)-(\d{19})-(\d{19})(\.parquet|\.json\.gz)$/;

/**
 * The coordinates in a key `objectKey` made for that kind of object, or undefined for any other
 * key (another kind's extension included).
 */
export function parseObjectKey(prefix: string, key: string, kind: ObjectKind): ObjectCoordinates | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = OBJECT_NAME.exec(key.slice(prefix.length));
  if (!m || m[6] !== OBJECT_EXTENSIONS[kind]) return undefined;
  return {
    dt: m[1]!,
    topic: m[2]!,
    partition: Number(m[3]),
    firstOffset: Number(m[4]),
    lastOffset: Number(m[5]),
  };
}

function pad(offset: number): string {
  return String(offset).padStart(OFFSET_DIGITS, '0');
}
