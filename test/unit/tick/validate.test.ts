import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionDate, type Tick, validateTick } from '../../../shared/tick';
import { validTick } from '../../support/arbitraries';
import { aTick, FIXED_NOW_MS, TEST_WINDOW } from '../../support/builders';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reason of a refused value, failing the test if the value was accepted. */
function reasonOf(value: unknown): string {
  const result = validateTick(value, TEST_WINDOW);
  if (result.ok) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return result.reason;
}

describe('validateTick', () => {
  it('accepts a tick from the synthetic source and returns it unchanged', () => {
    // Prepare
    const tick = aTick();

    // Act
    const result = validateTick(tick, TEST_WINDOW);

    // Assess
    expect(result).toEqual({ ok: true, tick });
  });

  it('accepts any tick within the schema and the window', () => {
    fc.assert(
      fc.property(validTick, (tick) => {
        expect(validateTick(tick, TEST_WINDOW)).toEqual({ ok: true, tick });
      }),
      { numRuns: 200 },
    );
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'tick'],
    ['a number', 42],
    ['an array', [aTick()]],
  ])('refuses %s', (_, value) => {
    expect(reasonOf(value)).toBeTruthy();
  });

  it.each<[keyof Tick]>([['tick_id'], ['symbol'], ['event_time'], ['open'], ['source'], ['volume']])(
    'refuses a tick without %s, naming it',
    (field) => {
      // Prepare
      const { [field]: _dropped, ...rest } = aTick();

      // Act
      const reason = reasonOf(rest);

      // Assess
      expect(reason).toContain(field);
    },
  );

  it.each<[string, unknown]>([
    ['extra_field', 1],
    ['__proto__', { polluted: true }],
    ['constructor', 'x'],
    ['toString', 'x'],
    ['hasOwnProperty', 'x'],
  ])('refuses an unknown field %s', (name, value) => {
    // Prepare: JSON.parse makes `__proto__` an own property, as a decoded message would have it.
    const tick = JSON.parse(
      `{${JSON.stringify(name)}:${JSON.stringify(value)},${JSON.stringify(aTick()).slice(1)}`,
    );

    // Act
    const result = validateTick(tick, TEST_WINDOW);

    // Assess
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, Partial<Record<keyof Tick, unknown>>, string]>([
    ['a string price', { open: '19500.5' }, 'open'],
    ['"NaN" as a price', { close: 'NaN' }, 'close'],
    ['NaN as a price', { close: Number.NaN }, 'close'],
    ['Infinity as a price (JSON 1e999)', { high: JSON.parse('1e999') }, 'high'],
    ['a negative price', { low: -1 }, 'low'],
    ['a zero price', { open: 0 }, 'open'],
    ['a negative adj_close', { adj_close: -0.01 }, 'adj_close'],
    ['a fractional volume', { volume: 1.5 }, 'volume'],
    ['a negative volume', { volume: -1 }, 'volume'],
    ['an unsafe volume', { volume: 2 ** 53 }, 'volume'],
    ['a lowercase currency', { currency: 'usd' }, 'currency'],
    ['an empty exchange', { exchange: '' }, 'exchange'],
    ['a 65-character exchange', { exchange: 'x'.repeat(65) }, 'exchange'],
    ['a trade_date with a time', { trade_date: '2025-07-01T00:00:00Z' }, 'trade_date'],
    ['an unknown source', { source: 'live' }, 'source'],
    ['an uppercase tick_id', { tick_id: 'A'.repeat(32) }, 'tick_id'],
    ['a short tick_id', { tick_id: 'abc' }, 'tick_id'],
    ['a numeric event_time', { event_time: FIXED_NOW_MS }, 'event_time'],
    ['an event_time with an offset', { event_time: '2025-07-01T02:00:00+02:00' }, 'event_time'],
    ['an event_time without a zone', { event_time: '2025-07-01T00:00:00' }, 'event_time'],
    ['an event_time with a six-digit year', { event_time: '+002025-07-01T00:00:00.000Z' }, 'event_time'],
    ['an event_time of month 13', { event_time: '2025-13-01T00:00:00.000Z' }, 'event_time'],
  ])('refuses %s, naming the field', (_, overrides, field) => {
    expect(reasonOf({ ...aTick(), ...overrides })).toContain(field);
  });

  it('refuses low above high', () => {
    expect(reasonOf({ ...aTick(), low: 200, high: 100 })).toContain('low must not exceed high');
  });

  it.each([
    ['../x'],
    ['a/b'],
    ['%2F'],
    ['NYA\n'],
    ['NY\u0000A'],
    ['NY\tA'],
    ['A'.repeat(200)],
    ['A'.repeat(33)],
    ['ΝΥΑ'], // Greek capital Nu, Upsilon, Alpha: looks like NYA
    ['NYА'], // Cyrillic А
    ['nya'],
    [''],
    ['.hidden'],
    ['-'],
  ])('refuses the symbol %j', (symbol) => {
    expect(reasonOf({ ...aTick(), symbol })).toContain('symbol');
  });

  it.each([['NYA'], ['000001.SS'], ['^GSPC'], ['J203.JO'], ['A'.repeat(32)]])(
    'accepts the symbol %j',
    (symbol) => {
      expect(validateTick({ ...aTick(), symbol }, TEST_WINDOW).ok).toBe(true);
    },
  );

  it('refuses event times before the window minimum (1970 by default falls out)', () => {
    // Act
    const reason = reasonOf({ ...aTick(), event_time: '1970-01-01T00:00:00.000Z' });

    // Assess
    expect(reason).toBe('event_time: 1970-01-01T00:00:00.000Z is before 2000-01-01T00:00:00.000Z');
  });

  it('refuses event times more than a day ahead of the clock (year 9999)', () => {
    expect(reasonOf({ ...aTick(), event_time: '9999-12-31T23:59:59.999Z' })).toContain(
      'more than a day in the future',
    );
  });

  it('accepts exactly a day of clock skew, and not a millisecond more', () => {
    // Prepare
    const atLimit = new Date(FIXED_NOW_MS + DAY_MS).toISOString();
    const beyond = new Date(FIXED_NOW_MS + DAY_MS + 1).toISOString();

    // Act
    const results = [atLimit, beyond].map(
      (event_time) => validateTick({ ...aTick(), event_time }, TEST_WINDOW).ok,
    );

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('uses the window minimum it is given', () => {
    // Prepare
    const window = { minMs: Date.parse('2025-07-01T00:00:01.000Z'), now: () => FIXED_NOW_MS };

    // Act
    const justBefore = validateTick({ ...aTick(), event_time: '2025-07-01T00:00:00.999Z' }, window);
    const atMinimum = validateTick({ ...aTick(), event_time: '2025-07-01T00:00:01.000Z' }, window);

    // Assess
    expect(justBefore.ok).toBe(false);
    expect(atMinimum.ok).toBe(true);
  });

  it('reports at most five issues', () => {
    // Prepare
    const bad = { tick_id: 1, symbol: 2, event_time: 3, open: 'a', high: 'b', low: 'c', close: 'd' };

    // Act
    const reason = reasonOf(bad);

    // Assess
    expect(reason.split('; ')).toHaveLength(5);
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        const result = validateTick(value, TEST_WINDOW);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a day the month does not have', '2025-02-30T12:00:00.000Z'],
    ['31 June', '2025-06-31T00:00:00.000Z'],
    ['29 February of a common year', '2025-02-29T00:00:00.000Z'],
    ['hour 24', '2025-06-30T24:00:00.000Z'],
    ['minute 60', '2025-06-30T23:60:00.000Z'],
    ['a leap second', '2016-12-31T23:59:60.000Z'],
  ])('refuses an event time on %s (%s), which Date.parse would roll over', (_, event_time) => {
    expect(reasonOf({ ...aTick(), event_time })).toBe(
      `event_time: ${event_time} is not a real calendar time`,
    );
  });

  it('accepts 29 February of a leap year and event times without or with short fractions', () => {
    for (const event_time of ['2024-02-29T12:00:00.000Z', '2025-06-30T23:59:59Z', '2025-06-30T23:59:59.5Z']) {
      expect(validateTick({ ...aTick(), event_time }, TEST_WINDOW).ok, event_time).toBe(true);
    }
  });
});

describe('partitionDate', () => {
  it('is the UTC date of the event time, for any valid tick', () => {
    fc.assert(
      fc.property(validTick, (tick) => {
        // Act
        const dt = partitionDate(tick);

        // Assess
        expect(dt).toBe(new Date(tick.event_time).toISOString().slice(0, 10));
      }),
      { numRuns: 200 },
    );
  });

  it('puts the last millisecond of a day and the first of the next in different partitions', () => {
    expect(partitionDate({ event_time: '2025-06-30T23:59:59.999Z' })).toBe('2025-06-30');
    expect(partitionDate({ event_time: '2025-07-01T00:00:00.000Z' })).toBe('2025-07-01');
  });
});
