import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedRecord, decodeRecord, type EsmRecord } from '../../../shared/esm';
import { validateTick } from '../../../shared/tick';
import { validTick } from '../../support/arbitraries';
import { anEsmRecord, aTick, b64, b64Json, TEST_WINDOW } from '../../support/builders';
import { loadEvent } from '../../support/fixtures';

function decode(value: unknown): DecodedRecord {
  return decodeRecord(anEsmRecord({ value }), TEST_WINDOW);
}

/** The reason a value is refused, failing the test if it was accepted. */
function reasonFor(value: unknown): string {
  const result = decode(value);
  if (result.ok) throw new Error(`expected ${String(value)} to be refused`);
  return result.reason;
}

/** A tick's JSON with one more member written first, as hostile producers could send. */
function tickJsonWith(member: string): string {
  return `{${member},${JSON.stringify(aTick()).slice(1)}`;
}

describe('decodeRecord', () => {
  it('decodes a valid tick and keeps its Kafka coordinates', () => {
    // Prepare
    const tick = aTick();
    const record = anEsmRecord({ topic: 'stock.ticks', partition: 3, offset: 42, value: b64Json(tick) });

    // Act
    const result = decodeRecord(record, TEST_WINDOW);

    // Assess
    expect(result).toEqual({ ok: true, tick, at: { topic: 'stock.ticks', partition: 3, offset: 42 } });
  });

  it('decodes any valid tick back to itself', () => {
    fc.assert(
      fc.property(validTick, (tick) => {
        expect(decode(b64Json(tick))).toMatchObject({ ok: true, tick });
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a UTF-8 byte-order mark before the JSON', () => {
    expect(decode(b64(`\uFEFF${JSON.stringify(aTick())}`)).ok).toBe(true);
  });

  it('returns a refused record whole, so the quarantine keeps everything', () => {
    // Prepare
    const record = anEsmRecord({ value: b64('nope'), headers: [{ h: [1, 2] }] });

    // Act
    const result = decodeRecord(record, TEST_WINDOW);

    // Assess
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('not JSON'), record });
  });

  describe('refuses, with a reason', () => {
    it.each<[string, unknown, string]>([
      ['no value (tombstone)', undefined, 'record has no value (a tombstone or null message)'],
      ['a null value', null, 'record has no value'],
      ['a numeric value', 42, 'value is not valid base64'],
      ['an object value', { a: 1 }, 'value is not valid base64'],
      ['an array value', ['eyJ9'], 'value is not valid base64'],
      ['base64 with a bad character', 'eyJ*fQ==', 'value is not valid base64'],
      ['base64 of the wrong length', 'eyJ9f', 'value is not valid base64'],
      ['base64 with padding inside', 'e=J9fQ==', 'value is not valid base64'],
      ['base64 with three pad characters', 'e===', 'value is not valid base64'],
      [
        'URL-safe base64',
        b64Json({ a: '>>>?' }).replaceAll('+', '-').replaceAll('/', '_'),
        'value is not valid base64',
      ],
      [
        'base64 with a line break',
        `${b64Json(aTick()).slice(0, 8)}\n${b64Json(aTick()).slice(8)}`,
        'not valid base64',
      ],
      ['an empty value', '', 'value is not JSON'],
      [
        'invalid UTF-8 (a lone continuation byte)',
        b64(Uint8Array.from([0x7b, 0x80, 0x7d, 0x20])),
        'value is not valid UTF-8',
      ],
      [
        'invalid UTF-8 (an overlong slash)',
        b64(Uint8Array.from([0x22, 0xc0, 0xaf, 0x22])),
        'value is not valid UTF-8',
      ],
      [
        'invalid UTF-8 (a UTF-16 surrogate)',
        b64(Uint8Array.from([0x22, 0xed, 0xa0, 0x80, 0x22])),
        'value is not valid UTF-8',
      ],
      ['Latin-1 text', b64(Buffer.from('{"symbol":"Zürich"}', 'latin1')), 'value is not valid UTF-8'],
      ['text that is not JSON', b64('NYA,2025-07-01,1,2,3'), 'value is not JSON'],
      ['truncated JSON', b64(JSON.stringify(aTick()).slice(0, -1)), 'value is not JSON'],
      [
        'JSON with NaN',
        b64(JSON.stringify(aTick()).replace(/"open":[0-9.]+/, '"open":NaN')),
        'value is not JSON',
      ],
      [
        'JSON with Infinity',
        b64(JSON.stringify(aTick()).replace(/"open":[0-9.]+/, '"open":Infinity')),
        'value is not JSON',
      ],
      ['a JSON array', b64Json([aTick()]), 'value is JSON array, not a tick object'],
      ['JSON null', b64('null'), 'value is JSON null, not a tick object'],
      ['a JSON number', b64('42'), 'value is JSON number, not a tick object'],
      ['a JSON string', b64Json('tick'), 'value is JSON string, not a tick object'],
      ['a JSON boolean', b64('true'), 'value is JSON boolean, not a tick object'],
      ['an empty object', b64('{}'), 'invalid tick: tick_id'],
    ])('%s', (_, value, reason) => {
      expect(reasonFor(value)).toContain(reason);
    });

    it.each<[string, string]>([
      ['a missing field', JSON.stringify({ ...aTick(), close: undefined })],
      ['an extra field', tickJsonWith('"bid":1')],
      ['a mistyped field', JSON.stringify({ ...aTick(), volume: '4366' })],
      ['a null required field', JSON.stringify({ ...aTick(), symbol: null })],
      ['"NaN" as a price', JSON.stringify({ ...aTick(), open: 'NaN' })],
      [
        '1e999 (overflow to Infinity) as a price',
        JSON.stringify(aTick()).replace(/"high":[0-9.]+/, '"high":1e999'),
      ],
      ['-1e999 as a price', JSON.stringify(aTick()).replace(/"low":[0-9.]+/, '"low":-1e999')],
      ['1e999 as a volume', JSON.stringify(aTick()).replace(/"volume":[0-9]+/, '"volume":1e999')],
      ['a negative price', JSON.stringify({ ...aTick(), close: -19500 })],
      ['an event time in 1970', JSON.stringify({ ...aTick(), event_time: '1970-01-01T00:00:00.000Z' })],
      ['an event time in 9999', JSON.stringify({ ...aTick(), event_time: '9999-12-31T23:59:59.999Z' })],
      ['a __proto__ member', tickJsonWith('"__proto__":{"ok":true}')],
      ['a constructor member', tickJsonWith('"constructor":{"prototype":{"ok":true}}')],
      ['a prototype member', tickJsonWith('"prototype":1')],
      ['a duplicated member overriding a price', JSON.stringify(aTick()).replace(/\}$/, ',"open":-1}')],
      ['a symbol escaping a key prefix', JSON.stringify({ ...aTick(), symbol: '../x' })],
      ['a symbol with a slash', JSON.stringify({ ...aTick(), symbol: 'a/b' })],
      ['an encoded slash', JSON.stringify({ ...aTick(), symbol: '%2F' })],
      ['a symbol with a control character', JSON.stringify({ ...aTick(), symbol: 'NYA\u0000' })],
      ['a symbol with an escape sequence', JSON.stringify({ ...aTick(), symbol: 'NYA\u001b[31m' })],
      ['a 200-character symbol', JSON.stringify({ ...aTick(), symbol: 'A'.repeat(200) })],
      ['a Greek look-alike symbol', JSON.stringify({ ...aTick(), symbol: 'ΝΥΑ' })],
      ['a full-width symbol', JSON.stringify({ ...aTick(), symbol: 'ＮＹＡ' })],
    ])('%s', (_, json) => {
      // Act
      const reason = reasonFor(b64(json));

      // Assess
      expect(reason).toMatch(/^invalid tick: /);
      expect(({} as Record<string, unknown>).ok).toBeUndefined();
    });
  });

  it('uses the clock of the window it is given, not the real one', () => {
    // Prepare
    const tick = aTick({ event_time: '2025-07-03T00:00:00.000Z' });
    const record = anEsmRecord({ value: b64Json(tick) });

    // Act
    const early = decodeRecord(record, TEST_WINDOW);
    const later = decodeRecord(record, { ...TEST_WINDOW, now: () => Date.parse('2025-07-02T12:00:00.000Z') });

    // Assess
    expect(early.ok).toBe(false);
    expect(later.ok).toBe(true);
  });

  it('decodes the fixtures: every tick but the one malformed record of each', () => {
    for (const name of ['msk-event', 'self-managed-event'] as const) {
      // Prepare
      const records = Object.values(loadEvent(name).records).flat();

      // Act
      const results = records.map((r) => decodeRecord(r, TEST_WINDOW));

      // Assess
      expect(
        results.filter((r) => !r.ok),
        name,
      ).toHaveLength(1);
      expect(
        results.filter((r) => r.ok),
        name,
      ).toHaveLength(4);
    }
  });

  describe('on hostile input', () => {
    const hostileRecord = (value: unknown): EsmRecord => anEsmRecord({ value });

    it('never throws and refuses arbitrary strings unless they encode a valid tick', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'binary' })), (value) => {
          // Act
          const result = decodeRecord(hostileRecord(value), TEST_WINDOW);

          // Assess
          if (result.ok) {
            expect(
              validateTick(JSON.parse(Buffer.from(value, 'base64').toString('utf8')), TEST_WINDOW).ok,
            ).toBe(true);
          } else {
            expect(result.reason.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on arbitrary non-string values', () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), (value) => {
          fc.pre(typeof value !== 'string');
          expect(decodeRecord(hostileRecord(value), TEST_WINDOW).ok).toBe(false);
        }),
        { numRuns: 300 },
      );
    });

    it('agrees with validateTick on the JSON of arbitrary values, objects and near-ticks', () => {
      const nearTick = fc
        .record({
          key: fc.constantFrom(...Object.keys(aTick()), '__proto__', 'constructor', 'x'),
          value: fc.jsonValue(),
        })
        .map(({ key, value }) => tickJsonWith(`${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`));
      const anyJson = fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
        fc.object().map((o) => JSON.stringify(o)),
        nearTick,
      );
      fc.assert(
        fc.property(anyJson, (json) => {
          // Act
          const result = decodeRecord(hostileRecord(b64(json)), TEST_WINDOW);

          // Assess
          const parsed = JSON.parse(json) as unknown;
          const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
          expect(result.ok).toBe(isObject && validateTick(parsed, TEST_WINDOW).ok);
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on arbitrary bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
          expect(decodeRecord(hostileRecord(b64(bytes)), TEST_WINDOW).ok).toBe(false);
        }),
        { numRuns: 300 },
      );
    });
  });
});
