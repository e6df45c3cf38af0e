import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { SYMBOL_PATTERN, TICK_SOURCES, type TickSource } from '../rules/ticks';

/**
 * The tick: the one schema every other description of a tick derives from or is tested against
 * (TypeScript types, validation at the sink, the stored row's columns, the Glue/Athena columns and
 * the Trino metastore the local Athena engine reads).
 *
 * This is the Kafka message value (JSON). Unknown fields are rejected rather than ignored: a
 * producer that adds a field must bump the schema here first, so nothing reaches S3 that the table
 * cannot show.
 *
 * TypeBox (JSON Schema) rather than a parse-and-copy validator: the sink checks every record of
 * 10,000-record batches, and TypeBox compiles this schema into one plain function (see
 * validate.ts), about ten times faster than interpreting it.
 */

export { TICK_SOURCES, type TickSource } from '../rules/ticks';

/** Earliest event time the sink accepts by default; older ticks are quarantined (see MIN_EVENT_TIME). */
export const DEFAULT_MIN_EVENT_TIME = '2000-01-01T00:00:00.000Z';
/** How far ahead of the sink's clock an event time may be before it is treated as bad input. */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

const TICK_ID_PATTERN = '^[0-9a-f]{32}$';
const ISO_UTC_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

// JSON cannot carry NaN or Infinity, and TypeBox refuses them in numbers anyway.
const Price = Type.Number({ exclusiveMinimum: 0 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const TickSchema = Type.Object(
  {
    tick_id: Type.String({ pattern: TICK_ID_PATTERN }),
    symbol: Type.String({ pattern: SYMBOL_PATTERN }),
    // The calendar check (no 30 February) and the plausible window are in validateTick.
    event_time: Type.String({ pattern: ISO_UTC_PATTERN }),
    open: Price,
    high: Price,
    low: Price,
    close: Price,
    adj_close: Nullable(Price),
    volume: Nullable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    close_usd: Nullable(Price),
    currency: Nullable(Type.String({ pattern: '^[A-Z]{3}$' })),
    exchange: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
    trade_date: Nullable(Type.String({ pattern: DATE_PATTERN })),
    source: Type.Union(TICK_SOURCES.map((s) => Type.Literal(s))),
  },
  { additionalProperties: false },
);

/** A validated tick, as carried in a Kafka message value. */
export type Tick = Omit<Static<typeof TickSchema>, 'source'> & { source: TickSource };
export type TickField = keyof Tick;
