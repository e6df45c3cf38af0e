import { TOPIC } from '../rules/kafka';
import { EsmEventError } from './errors';
import { ESM_EVENT_SOURCES, type EsmEvent, type EsmRecord } from './types';

/**
 * Checks the envelope of an ESM event and returns its records in (topic, partition, offset)
 * order. A record's *content* is not judged here; only coordinates that every later step relies
 * on (object keys are built from them) must be sound, or the whole event is refused.
 */
export function recordsOf(event: unknown): EsmRecord[] {
  if (typeof event !== 'object' || event === null) throw new EsmEventError('event is not an object');
  const { eventSource, records } = event as Partial<EsmEvent>;
  if (!ESM_EVENT_SOURCES.includes(eventSource as never)) {
    throw new EsmEventError(
      `eventSource is ${JSON.stringify(eventSource)}; expected ${ESM_EVENT_SOURCES.join(' or ')}`,
    );
  }
  if (typeof records !== 'object' || records === null) throw new EsmEventError('event has no records object');
  const all: EsmRecord[] = [];
  for (const [group, list] of Object.entries(records)) {
    if (!Array.isArray(list)) throw new EsmEventError(`records["${group}"] is not an array`);
    for (const record of list as EsmRecord[]) {
      checkCoordinates(record, group);
      all.push(record);
    }
  }
  return all.sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition || a.offset - b.offset : a.topic < b.topic ? -1 : 1,
  );
}

function checkCoordinates(record: EsmRecord, group: string): void {
  const where = `records["${group}"]`;
  if (typeof record !== 'object' || record === null) throw new EsmEventError(`${where} holds a non-object`);
  if (typeof record.topic !== 'string' || !TOPIC.test(record.topic)) {
    throw new EsmEventError(`${where} has an invalid topic ${JSON.stringify(record.topic)}`);
  }
  if (!Number.isSafeInteger(record.partition) || record.partition < 0) {
    throw new EsmEventError(`${where} has an invalid partition ${JSON.stringify(record.partition)}`);
  }
  if (!Number.isSafeInteger(record.offset) || record.offset < 0) {
    throw new EsmEventError(`${where} has an invalid offset ${JSON.stringify(record.offset)}`);
  }
  if (typeof record.timestamp !== 'number' || !Number.isFinite(record.timestamp)) {
    throw new EsmEventError(`${where} offset ${record.offset} has an invalid timestamp`);
  }
}
