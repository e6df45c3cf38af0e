import type { Tick } from './schema';

/** Where a tick was read from in Kafka. */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** UTC date `YYYY-MM-DD` of a tick's event time: the `dt` partition it is stored under. */
export function partitionDate(tick: Pick<Tick, 'event_time'>): string {
  return tick.event_time.slice(0, 10);
}

/**
 * One stored row as a JSON line, columns in `TICK_COLUMNS` order. `event_time` is written as
 * `YYYY-MM-DD HH:MM:SS.mmm`, the only timestamp text Athena's JSON SerDe reads as a timestamp.
 */
export function toJsonLine(tick: Tick, at: KafkaCoordinates): string {
  return JSON.stringify({
    tick_id: tick.tick_id,
    symbol: tick.symbol,
    event_time: athenaTimestamp(tick.event_time),
    open: tick.open,
    high: tick.high,
    low: tick.low,
    close: tick.close,
    adj_close: tick.adj_close,
    volume: tick.volume,
    close_usd: tick.close_usd,
    currency: tick.currency,
    exchange: tick.exchange,
    trade_date: tick.trade_date,
    source: tick.source,
    kafka_topic: at.topic,
    kafka_partition: at.partition,
    kafka_offset: at.offset,
  });
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z` (the schema's form) to `YYYY-MM-DD HH:MM:SS.mmm`, by string
 * surgery: this runs once per row on the sink's hot path.
 */
function athenaTimestamp(iso: string): string {
  const fraction = iso.length > 20 ? iso.slice(20, -1) : '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.padEnd(3, '0')}`;
}
