export { duckdbType, PARTITION_COLUMN, TICK_COLUMNS } from './columns';
export type { AthenaType, Column } from './columns';
export { tickId } from './id';
export { partitionDate, toJsonLine } from './row';
export type { KafkaCoordinates } from './row';
export { DEFAULT_MIN_EVENT_TIME, TICK_SOURCES, TickSchema } from './schema';
export type { Tick, TickSource } from './schema';
export { DEFAULT_EVENT_TIME_WINDOW, validateTick } from './validate';
export type { EventTimeWindow, TickValidation } from './validate';
