import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quarantineDate, toQuarantineLine } from '../../../shared/sink';
import { anEsmRecord, b64 } from '../../support/builders';

describe('toQuarantineLine', () => {
  it('keeps the record as delivered (key and value still base64) with the reason', () => {
    // Prepare
    const record = anEsmRecord({
      offset: 42,
      key: b64('NYA'),
      value: b64(Uint8Array.from([0xff, 0xfe, 0x00])),
      headers: [{ 'content-type': [97, 98] }],
    });

    // Act
    const entry = JSON.parse(toQuarantineLine(record, 'value is not valid UTF-8')) as Record<string, unknown>;

    // Assess
    expect(entry).toEqual({
      reason: 'value is not valid UTF-8',
      topic: 'ticks',
      partition: 0,
      offset: 42,
      timestamp: record.timestamp,
      timestampType: 'CREATE_TIME',
      key: 'TllB',
      value: '//4A',
      headers: [{ 'content-type': [97, 98] }],
    });
    expect(Buffer.from(entry.value as string, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00]));
  });

  it('writes null for an absent key, value or headers and for non-string ones', () => {
    // Prepare
    const record = anEsmRecord({ key: undefined, value: 12, headers: 'x' });

    // Act
    const entry = JSON.parse(toQuarantineLine(record, 'r')) as Record<string, unknown>;

    // Assess
    expect(entry).toMatchObject({ key: null, value: null, headers: null });
  });

  it('is one line of JSON whatever the reason and the value hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (reason, value) => {
        const line = toQuarantineLine(anEsmRecord({ value }), reason);
        expect(line).not.toContain('\n');
        expect(JSON.parse(line)).toMatchObject({ reason, value });
      }),
      { numRuns: 200 },
    );
  });
});

describe('quarantineDate', () => {
  it.each<[number, string]>([
    [Date.parse('2025-06-30T23:59:59.999Z'), '2025-06-30'],
    [Date.parse('2025-07-01T00:00:00.000Z'), '2025-07-01'],
    [946_684_800_000, '2000-01-01'],
    [4_102_444_799_999, '2099-12-31'],
    [946_684_799_999, 'unknown'],
    [4_102_444_800_000, 'unknown'],
    [-1, 'unknown'],
    [0, 'unknown'],
    [Number.NaN, 'unknown'],
    [Number.POSITIVE_INFINITY, 'unknown'],
    [8.64e15 + 1, 'unknown'],
  ])('dates a record with Kafka timestamp %d under %s', (timestamp, expected) => {
    expect(quarantineDate(anEsmRecord({ timestamp }))).toBe(expected);
  });
});
