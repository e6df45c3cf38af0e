import { describe, expect, it } from 'vitest';
import { buildEsmEvent, type ConsumedMessage, eventBytes } from '../../../../local/esm/event-builder';
import { decodeRecord, recordsOf } from '../../../../shared/esm';
import { sinkBatch } from '../../../../shared/sink';
import { aTick, memoryStore, TEST_WINDOW } from '../../../support/builders';

// AWS's with-msk example cluster (test/fixtures/aws/arns.json), moved to eu-west-1.
const CLUSTER =
  'arn:aws:kafka:eu-west-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2';
const BROKERS = ['127.0.0.1:29092', '127.0.0.1:29093'];

function message(overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return {
    topic: 'ticks',
    partition: 0,
    offset: '0',
    timestamp: '1751328001000',
    key: Buffer.from('NYA'),
    value: Buffer.from(JSON.stringify(aTick())),
    ...overrides,
  };
}

describe('buildEsmEvent', () => {
  it('groups records under <topic>-<partition>, keeping their order within a group', () => {
    // Prepare
    const messages = [
      message({ partition: 0, offset: '5' }),
      message({ partition: 1, offset: '9' }),
      message({ partition: 0, offset: '6' }),
      message({ topic: 'other.ticks', partition: 0, offset: '1' }),
    ];

    // Act
    const event = buildEsmEvent({ kind: 'self-managed' }, BROKERS, messages);

    // Assess
    expect(Object.keys(event.records)).toEqual(['ticks-0', 'ticks-1', 'other.ticks-0']);
    expect(event.records['ticks-0']!.map((r) => r.offset)).toEqual([5, 6]);
    expect(event.records['ticks-1']!.map((r) => r.offset)).toEqual([9]);
    expect(event.records['other.ticks-0']![0]).toMatchObject({ topic: 'other.ticks', partition: 0 });
  });

  it('turns kafkajs string offsets and timestamps into numbers', () => {
    // Act
    const [record] = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [
      message({ offset: '9007199254740991', timestamp: '1751328001000' }),
    ]).records['ticks-0']!;

    // Assess
    expect(record).toMatchObject({
      offset: Number.MAX_SAFE_INTEGER,
      timestamp: 1751328001000,
      timestampType: 'CREATE_TIME',
    });
  });

  it('base64-encodes key and value so the bytes round-trip, including non-UTF-8 ones', () => {
    // Prepare
    const value = Buffer.from([0x7b, 0xff, 0x00, 0x80, 0x7d]);
    const key = Buffer.from('NYA');

    // Act
    const [record] = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message({ key, value })]).records[
      'ticks-0'
    ]!;

    // Assess
    expect(Buffer.from(record!.key!, 'base64').equals(key)).toBe(true);
    expect(Buffer.from(record!.value!, 'base64').equals(value)).toBe(true);
  });

  it('leaves out a null key and a null value (tombstone), as the mapping does', () => {
    // Act
    const [record] = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message({ key: null, value: null })])
      .records['ticks-0']!;

    // Assess
    expect(record).not.toHaveProperty('key');
    expect(record).not.toHaveProperty('value');
  });

  it('writes headers as one-name objects of byte arrays, one per value', () => {
    // Prepare
    const headers = {
      'content-type': Buffer.from('application/json'),
      trace: 'abc',
      multi: [Buffer.from([1, 2]), 'é'],
      absent: undefined,
    };

    // Act
    const [record] = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message({ headers })]).records[
      'ticks-0'
    ]!;

    // Assess
    expect(record!.headers).toEqual([
      { 'content-type': [...Buffer.from('application/json')] },
      { trace: [97, 98, 99] },
      { multi: [1, 2] },
      { multi: [0xc3, 0xa9] },
    ]);
  });

  it('gives an empty header list when the message has none', () => {
    const [record] = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message()]).records['ticks-0']!;
    expect(record!.headers).toEqual([]);
  });

  it('msk: aws:kafka with the cluster ARN and the bootstrap servers joined', () => {
    // Act
    const event = buildEsmEvent({ kind: 'msk', clusterArn: CLUSTER }, BROKERS, [message()]);

    // Assess
    expect(event).toMatchObject({
      eventSource: 'aws:kafka',
      eventSourceArn: CLUSTER,
      bootstrapServers: '127.0.0.1:29092,127.0.0.1:29093',
    });
  });

  it('self-managed: SelfManagedKafka without an eventSourceArn', () => {
    // Act
    const event = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message()]);

    // Assess
    expect(event.eventSource).toBe('SelfManagedKafka');
    expect(event).not.toHaveProperty('eventSourceArn');
    expect(event.bootstrapServers).toBe('127.0.0.1:29092,127.0.0.1:29093');
  });

  it.each([{ kind: 'msk', clusterArn: CLUSTER } as const, { kind: 'self-managed' } as const])(
    '%o: builds an event the sink accepts and decodes',
    async (source) => {
      // Prepare
      const tick = aTick();
      const event = buildEsmEvent(source, BROKERS, [
        message({ value: Buffer.from(JSON.stringify(tick)), offset: 3 }),
      ]);
      const { store, objects } = memoryStore();

      // Act
      const [record] = recordsOf(event);
      const summary = await sinkBatch(event, store, {
        prefixes: { ticks: 'ticks/', quarantine: 'q/' },
        eventTimeWindow: TEST_WINDOW,
      });

      // Assess
      expect(decodeRecord(record!, TEST_WINDOW)).toEqual({
        ok: true,
        tick,
        at: { topic: 'ticks', partition: 0, offset: 3 },
      });
      expect(summary).toMatchObject({ written: 1, quarantined: 0 });
      expect(objects.size).toBe(1);
    },
  );
});

describe('eventBytes', () => {
  it('is the UTF-8 size of the event JSON', () => {
    const event = buildEsmEvent({ kind: 'self-managed' }, BROKERS, [message({ headers: { h: 'é' } })]);
    expect(eventBytes(event)).toBe(Buffer.byteLength(JSON.stringify(event), 'utf8'));
  });
});
