import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { SealFormatError } from './errors';

/**
 * A seal: what one (day, topic) holds after compaction and a clean audit against Kafka's log,
 * offset-exact, written as one line of JSON at `<seals prefix>dt=<day>/<topic>.json` so that a
 * JSON SerDe table can show sealed days to SQL. Apart from `sealedAt`, its content is a function
 * of the stored data and the day's place in the log only: the same data, the same seal, so it is
 * rewritten only when the day changed.
 */
const Offset = Type.Integer({ minimum: 0 });
const Count = Type.Integer({ minimum: 0 });

const SealPartitionSchema = Type.Object(
  {
    partition: Count,
    /** Lowest and highest offset stored as a tick that day; null when the partition has only quarantined records. */
    firstOffset: Type.Union([Offset, Type.Null()]),
    lastOffset: Type.Union([Offset, Type.Null()]),
    /** Rows in the partition's compacted file. */
    rows: Count,
    /** Distinct offsets among them (equal to rows: compaction keeps one row per offset). */
    offsets: Count,
    /** Rows whose tick_id another row at another offset also has (a producer run sent twice). */
    tickIdRepeats: Count,
    /** Records of this partition quarantined under that day (by their Kafka timestamp). */
    quarantined: Count,
    /**
     * The day's records in Kafka's log, by timestamp: [logFrom, logTo). The seal was written only
     * after each of them was found in S3 (shared/audit); null for a partition the log no longer
     * holds records of.
     */
    logFrom: Type.Union([Offset, Type.Null()]),
    logTo: Type.Union([Offset, Type.Null()]),
  },
  { additionalProperties: false },
);

const SealFileSchema = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    bytes: Count,
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    rows: Count,
  },
  { additionalProperties: false },
);

export const SEAL_VERSION = 2;

export const SealSchema = Type.Object(
  {
    version: Type.Literal(SEAL_VERSION),
    dt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    topic: Type.String({ minLength: 1 }),
    partitions: Type.Array(SealPartitionSchema),
    files: Type.Array(SealFileSchema),
    sealedAt: Type.String(),
  },
  { additionalProperties: false },
);

export type Seal = Static<typeof SealSchema>;
export type SealPartition = Static<typeof SealPartitionSchema>;
export type SealFile = Static<typeof SealFileSchema>;

const checker = TypeCompiler.Compile(SealSchema);

export const SEAL_CONTENT_TYPE = 'application/json';

/** `<prefix>dt=<dt>/<topic>.json` */
export function sealKey(prefix: string, dt: string, topic: string): string {
  return `${prefix}dt=${dt}/${topic}.json`;
}

/** The day and topic a seal key names, or undefined for any other key. */
export function parseSealKey(prefix: string, key: string): { dt: string; topic: string } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = /^dt=(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9._-]+)\.json$/.exec(key.slice(prefix.length));
  return m ? { dt: m[1]!, topic: m[2]! } : undefined;
}

/**
 * The manifest as stored: fields in a fixed order, one line, ending in a newline.
 *
 * @example serializeSeal(seal) // '{"version":1,"dt":"2025-07-01","topic":"ticks",…}\n'
 */
export function serializeSeal(seal: Seal): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(canonical(seal))}\n`);
}

/**
 * A stored manifest, checked against the schema.
 *
 * @throws SealFormatError naming the key and the first problem
 */
export function parseSeal(bytes: Uint8Array, key: string): Seal {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new SealFormatError(`seal ${key} is not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    throw new SealFormatError(
      `seal ${key} is not a version ${SEAL_VERSION} seal (${first?.path || '/'}: ${first?.message}); ` +
        'compacting the day again rewrites it',
    );
  }
  return value;
}

/** Whether two seals say the same of their day, `sealedAt` aside. */
export function sameSealContent(a: Seal, b: Seal): boolean {
  return (
    JSON.stringify({ ...canonical(a), sealedAt: '' }) === JSON.stringify({ ...canonical(b), sealedAt: '' })
  );
}

/** The seal with its fields in the schema's order, whatever order it was built or parsed in. */
function canonical(seal: Seal): Seal {
  return {
    version: seal.version,
    dt: seal.dt,
    topic: seal.topic,
    partitions: seal.partitions.map((p) => ({
      partition: p.partition,
      firstOffset: p.firstOffset,
      lastOffset: p.lastOffset,
      rows: p.rows,
      offsets: p.offsets,
      tickIdRepeats: p.tickIdRepeats,
      quarantined: p.quarantined,
      logFrom: p.logFrom,
      logTo: p.logTo,
    })),
    files: seal.files.map((f) => ({ key: f.key, bytes: f.bytes, sha256: f.sha256, rows: f.rows })),
    sealedAt: seal.sealedAt,
  };
}
