import fc from 'fast-check';
import type { EsmRecord } from '../../shared/esm';
import { SYMBOL } from '../../shared/rules';
import type { Tick } from '../../shared/tick';
import { anEsmRecord, b64, b64Json, FIXED_NOW_MS } from './builders';

// The schema's own character rules, so the generators cover their whole range.
const TICK_ID = /^[0-9a-f]{32}$/;

const price = fc.double({ min: 1e-4, max: 1e9, noNaN: true, noDefaultInfinity: true });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Any tick the schema accepts with event times between 2000 and FIXED_NOW_MS. */
export const validTick: fc.Arbitrary<Tick> = fc
  .record({
    tick_id: fc.stringMatching(TICK_ID),
    symbol: fc.stringMatching(SYMBOL),
    event_time: fc
      .integer({ min: Date.parse('2000-01-01T00:00:00.000Z'), max: FIXED_NOW_MS })
      .map((ms) => new Date(ms).toISOString()),
    open: price,
    a: price,
    b: price,
    close: price,
    adj_close: nullable(price),
    volume: nullable(fc.maxSafeNat()),
    close_usd: nullable(price),
    currency: nullable(fc.stringMatching(/^[A-Z]{3}$/)),
    exchange: nullable(fc.string({ minLength: 1, maxLength: 64 })),
    trade_date: nullable(
      fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    ),
    source: fc.constantFrom('synthetic' as const, 'replay' as const),
  })
  .map(({ a, b, ...rest }) => ({ ...rest, high: Math.max(a, b), low: Math.min(a, b) }));

/** Kafka topic names as Kafka allows them (dots included, so `..` can appear inside a name). */
export const kafkaTopic: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('ticks', 'stock.ticks', 'ticks_v2', 'a-b', 'x'),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
);

/** Record values a hostile or broken producer could send, plus valid ticks. */
export const recordValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: validTick.map(b64Json) },
  validTick.map((t) => b64Json({ ...t, open: -1 })),
  validTick.map((t) => b64Json({ ...t, symbol: '../x' })),
  fc.string(),
  fc.base64String(),
  fc.jsonValue().map(b64Json),
  fc.uint8Array({ maxLength: 40 }).map(b64),
  fc.constantFrom(null, undefined, 42, {}),
);

/** Batches of records with unique coordinates and arbitrary content and timestamps. */
export const recordBatch: fc.Arbitrary<EsmRecord[]> = fc
  .uniqueArray(
    fc.record({
      topic: fc.oneof(fc.constant('ticks'), kafkaTopic),
      partition: fc.integer({ min: 0, max: 3 }),
      offset: fc.oneof(fc.nat(50), fc.maxSafeNat()),
    }),
    { maxLength: 25, selector: (c) => `${c.topic}|${c.partition}|${c.offset}` },
  )
  .chain((coords) =>
    fc.tuple(
      ...coords.map((c) =>
        fc
          .record({
            timestamp: fc.oneof(
              fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
              fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
              fc.double({ noNaN: true, noDefaultInfinity: true }),
            ),
            value: recordValue,
            key: fc.option(fc.base64String(), { nil: undefined }),
          })
          .map((content) => anEsmRecord({ ...c, ...content })),
      ),
    ),
  );
