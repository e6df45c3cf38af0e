export type { AthenaType, Column, KafkaColumn, StoredColumn } from './columns';
export { PARTITION_COLUMN, TICK_COLUMNS } from './columns';
export { tickId } from './id';
export type { KafkaCoordinates, StoredTick } from './row';
export { columnReader, partitionDate } from './row';
export type { Tick, TickSource } from './schema';
export { DEFAULT_MIN_EVENT_TIME, MAX_CLOCK_SKEW_MS, TICK_SOURCES, TickSchema } from './schema';
export type { EventTimeWindow, TickValidation } from './validate';
export { DEFAULT_EVENT_TIME_WINDOW, validateTick } from './validate';
