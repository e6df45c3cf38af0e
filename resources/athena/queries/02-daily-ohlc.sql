-- name: Daily OHLC per symbol
-- description: Open, high, low, close and volume per symbol and UTC day over the last 7 days.
-- {{DATABASE}} is replaced by the stack's Glue database at package time.
SELECT dt,
       symbol,
       min_by(open, event_time) AS open,
       max(high) AS high,
       min(low) AS low,
       max_by(close, event_time) AS close,
       sum(volume) AS volume,
       count(*) AS ticks
FROM {{DATABASE}}.ticks
WHERE dt >= date_format(current_date - INTERVAL '6' DAY, '%Y-%m-%d')
GROUP BY dt, symbol
ORDER BY dt DESC, symbol;
