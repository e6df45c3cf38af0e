import { gunzipSync } from 'node:zlib';
import { parquetRows } from '../../ops/s3/parquet';
import type { EsmEvent, EsmEventSource, EsmRecord } from '../../shared/esm';
import type { KafkaConnectionConfig } from '../../shared/kafka';
import type { ObjectStore } from '../../shared/sink';
import { syntheticTicks } from '../../shared/sources';
import { DEFAULT_MIN_EVENT_TIME, type EventTimeWindow, type Tick } from '../../shared/tick';

/** The sink's "now" in unit tests, so the one-day-ahead bound never depends on the real clock. */
export const FIXED_NOW_MS = Date.parse('2025-07-01T12:00:00.000Z');

/** The default event-time window with a fixed clock. */
export const TEST_WINDOW: EventTimeWindow = {
  minMs: Date.parse(DEFAULT_MIN_EVENT_TIME),
  now: () => FIXED_NOW_MS,
};

/** A valid tick made by the real synthetic source (NYA at 2025-07-01T00:00:01Z), with overrides. */
export function aTick(overrides: Partial<Tick> = {}): Tick {
  const startMs = Date.parse('2025-07-01T00:00:00.000Z');
  const [tick] = syntheticTicks({ startMs, endMs: startMs + 1000, ticksPerSecond: 1 }, ['NYA']);
  return { ...tick!, ...overrides };
}

/** Base64 of a string's UTF-8 bytes, or of raw bytes. */
export function b64(content: string | Uint8Array): string {
  return Buffer.from(content).toString('base64');
}

/** Base64 of a value's JSON text, as a producer would send it. */
export function b64Json(value: unknown): string {
  return b64(JSON.stringify(value));
}

/** An ESM record carrying a valid tick at ticks-0 offset 0, with overrides. */
export function anEsmRecord(overrides: Partial<Record<keyof EsmRecord, unknown>> = {}): EsmRecord {
  return {
    topic: 'ticks',
    partition: 0,
    offset: 0,
    timestamp: Date.parse('2025-07-01T00:00:01.000Z'),
    timestampType: 'CREATE_TIME',
    key: b64('NYA'),
    value: b64Json(aTick()),
    headers: [],
    ...overrides,
  } as EsmRecord;
}

/** An ESM event holding the records, grouped under `<topic>-<partition>` as the mapping does. */
export function anEsmEvent(
  records: readonly EsmRecord[],
  source: EsmEventSource = 'SelfManagedKafka',
): EsmEvent {
  const grouped: Record<string, EsmRecord[]> = {};
  for (const r of records) {
    const group = `${r.topic}-${r.partition}`;
    grouped[group] = [...(grouped[group] ?? []), r];
  }
  return source === 'aws:kafka'
    ? {
        eventSource: source,
        eventSourceArn:
          'arn:aws:kafka:eu-west-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2',
        bootstrapServers: 'b-1.ticks.example:9098',
        records: grouped,
      }
    : { eventSource: source, bootstrapServers: '127.0.0.1:29092', records: grouped };
}

/** An in-memory ObjectStore; `fail` makes `put` reject for the keys it matches. */
export function memoryStore(fail: (key: string) => boolean = () => false) {
  const objects = new Map<string, Uint8Array>();
  const contentTypes = new Map<string, string>();
  const attempts: string[] = [];
  const store: ObjectStore = {
    async put(key, body, contentType) {
      attempts.push(key);
      if (fail(key)) throw new Error(`simulated S3 failure for ${key}`);
      objects.set(key, body);
      contentTypes.set(key, contentType);
    },
  };
  return { store, objects, contentTypes, attempts };
}

/**
 * The rows of an object the sink wrote, whatever its format (Parquet ticks, gzip JSON-lines
 * quarantine), with Parquet's bigint and Date values as the JSON tick carried them: numbers and
 * ISO-8601 UTC text.
 */
export async function objectRows(key: string, body: Uint8Array): Promise<Record<string, unknown>[]> {
  if (!key.endsWith('.parquet')) return gunzipLines(body);
  const rows = await parquetRows(body);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [
        name,
        typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.toISOString() : value,
      ]),
    ),
  );
}

/** The JSON lines of a gzip object, parsed. */
export function gunzipLines(body: Uint8Array): Record<string, unknown>[] {
  const text = gunzipSync(body).toString('utf8');
  expectTrailingNewline(text);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectTrailingNewline(text: string): void {
  if (!text.endsWith('\n')) throw new Error('object body must end with a newline');
}

/** A plaintext connection to a local broker, as the producer's configuration would give it. */
export function aKafkaConnection(overrides: Partial<KafkaConnectionConfig> = {}): KafkaConnectionConfig {
  return {
    clientId: 'produce-ticks',
    auth: 'plaintext',
    brokers: ['127.0.0.1:29092'],
    clusterArn: undefined,
    scramSecretArn: undefined,
    rootCaSecretArn: undefined,
    region: 'eu-west-1',
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 10_000,
    ...overrides,
  };
}
