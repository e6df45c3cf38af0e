import { describe, expect, it } from 'vitest';
import { buildEsmEvent, type ConsumedMessage } from '../../../local/esm/event-builder';
import { decodeRecord, type EsmEvent, type EsmRecord, recordsOf } from '../../../shared/esm';
import { type SinkPrefixes, sinkBatch } from '../../../shared/sink';
import { awsEvent, awsEventVariants } from '../../support/aws-fixtures';
import { gunzipLines, memoryStore, TEST_WINDOW } from '../../support/builders';

// The events AWS's Lambda Developer Guide shows (test/fixtures/aws/events), main and variants.
const documented = (): [string, EsmEvent][] => [
  ['MSK (with-msk)', awsEvent<EsmEvent>('msk-event')],
  ...awsEventVariants<EsmEvent>('msk-event').map(
    (v) => [`MSK variant: ${v.note.slice(0, 40)}`, v.event!] as [string, EsmEvent],
  ),
  ['self-managed (with-kafka)', awsEvent<EsmEvent>('self-managed-kafka-event')],
];
const PREFIXES: SinkPrefixes = { ticks: 'ticks/', quarantine: 'quarantine/' };

/** The message kafkajs would hand the emulator for a documented record. */
function asConsumed(record: EsmRecord): ConsumedMessage {
  const headers: Record<string, Buffer[]> = {};
  for (const header of record.headers ?? []) {
    for (const [name, bytes] of Object.entries(header))
      headers[name] = [...(headers[name] ?? []), Buffer.from(bytes)];
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: String(record.offset),
    timestamp: String(record.timestamp),
    key: typeof record.key === 'string' ? Buffer.from(record.key, 'base64') : null,
    value: typeof record.value === 'string' ? Buffer.from(record.value, 'base64') : null,
    headers,
  };
}

/**
 * The pages' example key `abcDEFghiJKLmnoPQRstuVWXyz1234==` is not canonical base64 (its last
 * character carries bits the padding discards), so no real bytes encode to it; Lambda encodes
 * real bytes. Keys are compared in their canonical form.
 */
const canonicalBase64 = (text: string) => Buffer.from(text, 'base64').toString('base64');

/** Named transformations: a documented record with its key or value absent (null in Kafka). */
const withoutKey = ({ key: _, ...record }: EsmRecord): EsmRecord => record;
const withoutValue = ({ value: _, ...record }: EsmRecord): EsmRecord => record;

describe('the events of AWS documentation', () => {
  it.each(documented())(
    '%s: the envelope is accepted and every record is decoded or refused with a reason',
    (_, event) => {
      // Act
      const records = recordsOf(event);
      const decoded = records.map((r) => decodeRecord(r, TEST_WINDOW));

      // Assess: the pages' values are greetings and ids, not ticks, so each is refused by name.
      expect(records.length).toBeGreaterThan(0);
      for (const d of decoded) {
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.reason).toMatch(/^value is not JSON: /);
      }
    },
  );

  it.each(documented())(
    '%s: the local ESM emulator builds the very same event from the same messages',
    (_, event) => {
      // Prepare
      const records = Object.values(event.records).flat();
      const source =
        event.eventSource === 'aws:kafka'
          ? ({ kind: 'msk', clusterArn: event.eventSourceArn! } as const)
          : ({ kind: 'self-managed' } as const);
      const servers = event.bootstrapServers === undefined ? [] : event.bootstrapServers.split(',');

      // Act
      const built = buildEsmEvent(source, servers, records.map(asConsumed));

      // Assess: the older documented shape has neither bootstrapServers nor headers; the emulator
      // always sends both (the current shape), so compare it with those filled in.
      const current = {
        ...event,
        bootstrapServers: event.bootstrapServers ?? '',
        records: Object.fromEntries(
          Object.entries(event.records).map(([group, list]) => [
            group,
            list.map((r) => ({
              ...r,
              ...(typeof r.key === 'string' ? { key: canonicalBase64(r.key) } : {}),
              headers: r.headers ?? [],
            })),
          ]),
        ),
      };
      expect(built).toEqual(current);
    },
  );

  it('keeps a documented record whole in quarantine when its value is null (a tombstone) or its key is null', async () => {
    // Prepare
    const event = awsEvent<EsmEvent>('msk-event');
    const [group, [record]] = Object.entries(event.records)[0]! as [string, EsmRecord[]];
    const batch = {
      ...event,
      records: { [group]: [withoutValue(record!), { ...withoutKey(record!), offset: record!.offset + 1 }] },
    };
    const { store, objects } = memoryStore();

    // Act
    const summary = await sinkBatch(batch, store, { prefixes: PREFIXES, eventTimeWindow: TEST_WINDOW });

    // Assess
    expect(summary).toMatchObject({ records: 2, written: 0, quarantined: 2 });
    const [key] = [...objects.keys()];
    expect(key).toMatch(/^quarantine\//);
    const lines = gunzipLines(objects.get(key!)!);
    expect(lines).toEqual([
      expect.objectContaining({
        reason: 'record has no value (a tombstone or null message)',
        key: record!.key,
        value: null,
      }),
      expect.objectContaining({
        reason: expect.stringMatching(/^value is not JSON/),
        key: null,
        value: record!.value,
      }),
    ]);
    expect(lines[0]!.headers).toEqual(record!.headers);
  });
});
