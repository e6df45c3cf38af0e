import * as v from 'valibot';

/**
 * The tick: the one schema every other description of a tick derives from or is tested against
 * (TypeScript types, validation at the sink, the stored row's columns, the Glue/Athena columns and
 * the local DuckDB view).
 *
 * This is the Kafka message value (JSON). Unknown fields are rejected rather than ignored: a
 * producer that adds a field must bump the schema here first, so nothing reaches S3 that the table
 * cannot show.
 */

export const TICK_SOURCES = ['synthetic', 'replay'] as const;
export type TickSource = (typeof TICK_SOURCES)[number];

/** Earliest event time the sink accepts by default; older ticks are quarantined (see MIN_EVENT_TIME). */
export const DEFAULT_MIN_EVENT_TIME = '2000-01-01T00:00:00.000Z';
/** How far ahead of the sink's clock an event time may be before it is treated as bad input. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

// Index tickers of the tutorial look like `NYA`, `000001.SS`, `^GSPC`, `J203.JO`: a conservative
// character set keeps the symbol safe in keys, logs and SQL literals.
const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.^=_-]{0,31}$/;
const TICK_ID_PATTERN = /^[0-9a-f]{32}$/;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const price = v.pipe(v.number(), v.finite('must be a finite number'), v.gtValue(0, 'must be greater than 0'));
const optionalPrice = v.nullable(price);

export const TickSchema = v.pipe(
  v.strictObject({
    tick_id: v.pipe(v.string(), v.regex(TICK_ID_PATTERN, 'must be 32 lowercase hex characters')),
    symbol: v.pipe(v.string(), v.regex(SYMBOL_PATTERN, 'must be 1-32 of A-Z 0-9 . ^ = _ - (uppercase)')),
    // The calendar check (no 30 February) is in validateTick, which parses the time anyway.
    event_time: v.pipe(
      v.string(),
      v.regex(ISO_UTC_PATTERN, 'must be an ISO-8601 UTC time like 2024-05-01T13:45:00.000Z'),
    ),
    open: price,
    high: price,
    low: price,
    close: price,
    adj_close: optionalPrice,
    volume: v.nullable(
      v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0, 'must not be negative')),
    ),
    close_usd: optionalPrice,
    currency: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code like USD'))),
    exchange: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
    trade_date: v.nullable(v.pipe(v.string(), v.regex(DATE_PATTERN, 'must be YYYY-MM-DD'))),
    source: v.picklist(TICK_SOURCES),
  }),
  v.check((t) => t.low <= t.high, 'low must not exceed high'),
);

/** A validated tick, as carried in a Kafka message value. */
export type Tick = v.InferOutput<typeof TickSchema>;
export type TickField = keyof Tick;
