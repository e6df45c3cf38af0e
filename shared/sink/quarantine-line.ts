import type { EsmRecord } from '../esm';

/**
 * A quarantined record: everything the mapping delivered, untouched (key and value stay base64,
 * so bytes that are not UTF-8 survive), plus why it was refused. Enough to inspect and replay.
 */
export interface QuarantineEntry {
  readonly reason: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: EsmRecord['headers'] | null;
}

export function toQuarantineLine(record: EsmRecord, reason: string): string {
  const entry: QuarantineEntry = {
    reason,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: typeof record.key === 'string' ? record.key : null,
    value: typeof record.value === 'string' ? record.value : null,
    headers: Array.isArray(record.headers) ? record.headers : null,
  };
  return JSON.stringify(entry);
}

/** The date partition of a quarantined record: its Kafka timestamp's UTC date, when plausible. */
export function quarantineDate(record: EsmRecord): string {
  const ms = record.timestamp;
  // Kafka timestamps before 2000 or after 2100 are bogus; keep them apart rather than guess.
  if (!(ms >= 946_684_800_000 && ms < 4_102_444_800_000)) return 'unknown';
  return new Date(ms).toISOString().slice(0, 10);
}
