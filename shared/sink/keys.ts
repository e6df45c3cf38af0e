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

const OFFSET_DIGITS = 19; // Kafka offsets are signed 64-bit: at most 19 digits.

/** `<prefix>dt=<dt>/<topic>-<partition>-<first>-<last>.json.gz` */
export function objectKey(prefix: string, c: ObjectCoordinates): string {
  return `${prefix}dt=${c.dt}/${c.topic}-${c.partition}-${pad(c.firstOffset)}-${pad(c.lastOffset)}.json.gz`;
}

const OBJECT_NAME = /^dt=(\d{4}-\d{2}-\d{2}|unknown)\/([A-Za-z0-9._-]+)-(\d+)-(\d{19})-(\d{19})\.json\.gz$/;

/** The coordinates in a key made by `objectKey`, or undefined for any other key. */
export function parseObjectKey(prefix: string, key: string): ObjectCoordinates | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = OBJECT_NAME.exec(key.slice(prefix.length));
  if (!m) return undefined;
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
