import { describe, expect, it } from 'vitest';
import { EsmEventError, recordsOf } from '../../../shared/esm';
import { anEsmEvent, anEsmRecord } from '../../support/builders';
import { thrownBy } from '../../support/errors';
import { loadEvent } from '../../support/fixtures';

const refusal = (event: unknown) => thrownBy(() => recordsOf(event), EsmEventError).message;

describe('recordsOf', () => {
  it.each(['msk-event', 'self-managed-event'] as const)('returns every record of the %s fixture', (name) => {
    // Prepare
    const event = loadEvent(name);
    const expected = Object.values(event.records).flat();

    // Act
    const records = recordsOf(event);

    // Assess
    expect(records).toHaveLength(expected.length);
    expect(new Set(records)).toEqual(new Set(expected));
  });

  it('orders records by topic, partition and offset whatever the group order', () => {
    // Prepare
    const event = {
      eventSource: 'aws:kafka',
      bootstrapServers: 'b:9098',
      records: {
        'ticks-10': [anEsmRecord({ partition: 10, offset: 1 })],
        'ticks-2': [anEsmRecord({ partition: 2, offset: 9 }), anEsmRecord({ partition: 2, offset: 3 })],
        'alpha-5': [anEsmRecord({ topic: 'alpha', partition: 5, offset: 100 })],
      },
    };

    // Act
    const order = recordsOf(event).map((r) => `${r.topic}/${r.partition}/${r.offset}`);

    // Assess
    expect(order).toEqual(['alpha/5/100', 'ticks/2/3', 'ticks/2/9', 'ticks/10/1']);
  });

  it('accepts an empty batch', () => {
    expect(recordsOf({ eventSource: 'SelfManagedKafka', bootstrapServers: '', records: {} })).toEqual([]);
  });

  it('leaves record content to the decoder: a tombstone and a garbage value pass the envelope', () => {
    // Prepare
    const event = anEsmEvent([
      anEsmRecord({ value: undefined, offset: 1 }),
      anEsmRecord({ value: '%%%', offset: 2 }),
    ]);

    // Act, Assess
    expect(recordsOf(event)).toHaveLength(2);
  });

  it.each<[string, unknown, string]>([
    ['undefined', undefined, 'event is not an object'],
    ['null', null, 'event is not an object'],
    ['a string', 'aws:kafka', 'event is not an object'],
    [
      'an S3 event',
      { Records: [{ eventSource: 'aws:s3' }] },
      'eventSource is undefined; expected aws:kafka or SelfManagedKafka',
    ],
    ['an SQS eventSource', { eventSource: 'aws:sqs', records: {} }, 'eventSource is "aws:sqs"'],
    ['no records', { eventSource: 'aws:kafka' }, 'event has no records object'],
    ['records null', { eventSource: 'aws:kafka', records: null }, 'event has no records object'],
    [
      'a group that is not an array',
      { eventSource: 'aws:kafka', records: { 'ticks-0': {} } },
      'records["ticks-0"] is not an array',
    ],
    [
      'a null record',
      { eventSource: 'aws:kafka', records: { 'ticks-0': [null] } },
      'records["ticks-0"] holds a non-object',
    ],
  ])('refuses %s', (_, event, message) => {
    expect(refusal(event)).toContain(message);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a topic with a slash', { topic: 'a/b' }, 'invalid topic "a/b"'],
    ['an empty topic', { topic: '' }, 'invalid topic ""'],
    ['a 250-character topic', { topic: 't'.repeat(250) }, 'invalid topic'],
    ['a topic with a newline', { topic: 'ticks\n' }, 'invalid topic'],
    ['a numeric topic', { topic: 7 }, 'invalid topic 7'],
    ['a negative partition', { partition: -1 }, 'invalid partition -1'],
    ['a fractional partition', { partition: 0.5 }, 'invalid partition 0.5'],
    ['a string partition', { partition: '0' }, 'invalid partition "0"'],
    ['a negative offset', { offset: -1 }, 'invalid offset -1'],
    ['an unsafe offset', { offset: 2 ** 53 }, 'invalid offset'],
    ['a string offset', { offset: '12' }, 'invalid offset "12"'],
    ['a string timestamp', { timestamp: '1751328001000' }, 'invalid timestamp'],
    ['a NaN timestamp', { timestamp: Number.NaN }, 'invalid timestamp'],
  ])('refuses the whole event for a record with %s', (_, overrides, message) => {
    // Prepare: one sound record next to the bad one; object keys are built from coordinates.
    const event = {
      eventSource: 'SelfManagedKafka',
      records: { 'ticks-0': [anEsmRecord(), anEsmRecord(overrides)] },
    };

    // Act, Assess
    expect(refusal(event)).toContain(message);
  });
});
