import { type TickField, TickSchema } from './schema';

/**
 * The stored row: every tick field plus the Kafka coordinates it was read from (which make rows
 * traceable and let SQL reconcile S3 against Kafka). The partition column `dt` is not stored in
 * the object; it comes from the key (`dt=YYYY-MM-DD/`).
 *
 * Types are Athena (Hive DDL) types.
 */
export type AthenaType = 'string' | 'double' | 'bigint' | 'int' | 'timestamp';

export interface Column {
  readonly name: string;
  readonly type: AthenaType;
  readonly comment: string;
  /** Whether the value may be null (from the schema: `Nullable(…)` fields). */
  readonly nullable: boolean;
}

// `satisfies Record<TickField, …>` makes the compiler reject a schema field without a column.
const TICK_FIELD_COLUMNS = {
  tick_id: { type: 'string', comment: 'Deterministic id: the same tick always gets the same id' },
  symbol: { type: 'string', comment: 'Ticker, e.g. NYA, N225, 000001.SS' },
  event_time: { type: 'timestamp', comment: 'When the tick happened (UTC)' },
  open: { type: 'double', comment: 'Price at the start of the interval' },
  high: { type: 'double', comment: 'Highest price in the interval' },
  low: { type: 'double', comment: 'Lowest price in the interval' },
  close: { type: 'double', comment: 'Price at the end of the interval' },
  adj_close: { type: 'double', comment: 'Close adjusted for splits and dividends, if known' },
  volume: { type: 'bigint', comment: 'Units traded in the interval, if known' },
  close_usd: { type: 'double', comment: 'Close converted to US dollars, if known' },
  currency: { type: 'string', comment: 'ISO-4217 currency of the prices, if known' },
  exchange: { type: 'string', comment: 'ISO 10383 MIC of the exchange, if known (e.g. XNYS)' },
  trade_date: { type: 'string', comment: 'Trading day of the source row (replayed CSV rows), YYYY-MM-DD' },
  source: { type: 'string', comment: 'synthetic or replay' },
} as const satisfies Record<TickField, Omit<Column, 'name' | 'nullable'>>;

const KAFKA_COLUMNS = [
  { name: 'kafka_topic', type: 'string', comment: 'Kafka topic the tick was read from', nullable: false },
  {
    name: 'kafka_partition',
    type: 'int',
    comment: 'Kafka partition the tick was read from',
    nullable: false,
  },
  {
    name: 'kafka_offset',
    type: 'bigint',
    comment: 'Kafka offset of the tick in its partition',
    nullable: false,
  },
] as const satisfies readonly Column[];

/** A schema field accepts null when it is a union with a null branch (`Nullable(…)` in schema.ts). */
function isNullable(field: TickField): boolean {
  const branches = (TickSchema.properties[field] as { anyOf?: { type?: unknown }[] }).anyOf ?? [];
  return branches.some((b) => b.type === 'null');
}

/** The row's columns in storage order. */
export const TICK_COLUMNS: readonly Column[] = [
  ...Object.entries(TICK_FIELD_COLUMNS).map(([name, spec]) => ({
    name,
    ...spec,
    nullable: isNullable(name as TickField),
  })),
  ...KAFKA_COLUMNS,
];

export type KafkaColumn = (typeof KAFKA_COLUMNS)[number]['name'];
/** Every stored column's name. */
export type StoredColumn = TickField | KafkaColumn;

/** The partition column, projected from the object key. */
export const PARTITION_COLUMN: Column = {
  name: 'dt',
  type: 'string',
  comment: 'UTC date of event_time',
  nullable: false,
};
