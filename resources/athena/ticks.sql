-- The Athena definition of the tick table, shared by the deployed stack and the local SQL engine
-- (`npm run query`). Placeholders: {{DATABASE}}, {{BUCKET}}, {{PREFIX}} (e.g. `ticks/`) and
-- {{MIN_DT}} (first date of the projection range). `${dt}` is Athena's own projection template.
--
-- Columns must equal the tick schema in shared/tick (a unit test checks it). Rows are Parquet
-- files (gzip pages, event_time as INT64 milliseconds UTC) under s3://{{BUCKET}}/{{PREFIX}}dt=YYYY-MM-DD/,
-- written by shared/sink/parquet.ts; Athena matches their columns by name. Partitions are
-- projected, never crawled. The range ends a day after NOW because the sink accepts event times up
-- to 24 h ahead of its clock (shared/tick MAX_CLOCK_SKEW_MS): a tick dated tomorrow (UTC) lands in
-- dt=<tomorrow>, and a range ending at NOW would hide it until that day begins (Athena, "Supported
-- types for partition projection": a date range may end at NOW plus or minus an amount of a unit).

CREATE EXTERNAL TABLE IF NOT EXISTS {{DATABASE}}.ticks_raw (
  tick_id string COMMENT 'Deterministic id: the same tick always gets the same id',
  symbol string COMMENT 'Ticker, e.g. NYA, N225, 000001.SS',
  event_time timestamp COMMENT 'When the tick happened (UTC)',
  open double COMMENT 'Price at the start of the interval',
  high double COMMENT 'Highest price in the interval',
  low double COMMENT 'Lowest price in the interval',
  close double COMMENT 'Price at the end of the interval',
  adj_close double COMMENT 'Close adjusted for splits and dividends, if known',
  volume bigint COMMENT 'Units traded in the interval, if known',
  close_usd double COMMENT 'Close converted to US dollars, if known',
  currency string COMMENT 'ISO-4217 currency of the prices, if known',
  exchange string COMMENT 'ISO 10383 MIC of the exchange, if known (e.g. XNYS)',
  trade_date string COMMENT 'Trading day of the source row (replayed CSV rows), YYYY-MM-DD',
  source string COMMENT 'synthetic or replay',
  kafka_topic string COMMENT 'Kafka topic the tick was read from',
  kafka_partition int COMMENT 'Kafka partition the tick was read from',
  kafka_offset bigint COMMENT 'Kafka offset of the tick in its partition'
)
PARTITIONED BY (dt string COMMENT 'UTC date of event_time')
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS
  INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://{{BUCKET}}/{{PREFIX}}'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '{{MIN_DT}},NOW+1DAYS',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://{{BUCKET}}/{{PREFIX}}dt=${dt}/'
);

-- What users query: one row per tick. Delivery is at least once (a redelivered or re-cut batch, a
-- retried producer run), so the raw table may hold a tick more than once; the deterministic
-- tick_id makes every copy identical, and the view keeps the first. Partitioning the window by dt
-- lets a filter on dt still prune partitions through the view.
CREATE OR REPLACE VIEW {{DATABASE}}.ticks AS
SELECT tick_id, symbol, event_time, open, high, low, close, adj_close, volume, close_usd, currency,
       exchange, trade_date, source, kafka_topic, kafka_partition, kafka_offset, dt
FROM (
  SELECT *, row_number() OVER (PARTITION BY dt, tick_id ORDER BY kafka_topic, kafka_partition, kafka_offset) AS copy_no
  FROM {{DATABASE}}.ticks_raw
)
WHERE copy_no = 1;
