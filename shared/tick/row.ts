import type { StoredColumn } from './columns';
import type { Tick } from './schema';

/** Where a tick was read from in Kafka. */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** One stored row: a validated tick and the Kafka coordinates it was read from. */
export interface StoredTick {
  readonly tick: Tick;
  readonly at: KafkaCoordinates;
}

/** UTC date `YYYY-MM-DD` of a tick's event time: the `dt` partition it is stored under. */
export function partitionDate(tick: Pick<Tick, 'event_time'>): string {
  return tick.event_time.slice(0, 10);
}

type StoredValue = Tick[keyof Tick];

/**
 * A function reading one stored column from a row, as the tick or its coordinates carry it (no
 * conversion). Made once per column, so writing a column of 10,000 rows does no lookup per row.
 */
export function columnReader(column: StoredColumn): (row: StoredTick) => StoredValue {
  switch (column) {
    case 'kafka_topic':
      return (row) => row.at.topic;
    case 'kafka_partition':
      return (row) => row.at.partition;
    case 'kafka_offset':
      return (row) => row.at.offset;
    default:
      return (row) => row.tick[column];
  }
}
