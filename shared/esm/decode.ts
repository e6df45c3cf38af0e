import { isUtf8 } from 'node:buffer';
import { type EventTimeWindow, type KafkaCoordinates, type Tick, validateTick } from '../tick';
import type { EsmRecord } from './types';

export type DecodedRecord =
  | { readonly ok: true; readonly tick: Tick; readonly at: KafkaCoordinates }
  | { readonly ok: false; readonly reason: string; readonly record: EsmRecord };

/**
 * Decodes one record's value into a tick: base64, then strict UTF-8, then JSON, then the tick
 * schema. Never throws; a record that fails any step comes back with the reason, to be
 * quarantined whole.
 */
export function decodeRecord(record: EsmRecord, window?: EventTimeWindow): DecodedRecord {
  const { value } = record;
  if (value === undefined || value === null)
    return refused(record, 'record has no value (a tombstone or null message)');
  if (typeof value !== 'string') return refused(record, 'value is not valid base64');
  const bytes = Buffer.from(value, 'base64');
  // Buffer.from skips what is not base64; only canonical base64 (what the mapping sends) reads
  // back the same. Cheaper than a regular expression over every value.
  if (bytes.toString('base64') !== value) return refused(record, 'value is not valid base64');
  if (!isUtf8(bytes)) return refused(record, 'value is not valid UTF-8');
  // A byte-order mark is not part of the JSON (TextDecoder would drop it too).
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf8', bom ? 3 : 0);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refused(record, `value is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refused(
      record,
      `value is JSON ${Array.isArray(json) ? 'array' : json === null ? 'null' : typeof json}, not a tick object`,
    );
  }
  const result = validateTick(json, window);
  if (!result.ok) return refused(record, `invalid tick: ${result.reason}`);
  return {
    ok: true,
    tick: result.tick,
    at: { topic: record.topic, partition: record.partition, offset: record.offset },
  };
}

// A plain function rather than a closure made per record: this runs for every record of a batch.
function refused(record: EsmRecord, reason: string): DecodedRecord {
  return { ok: false, reason, record };
}
