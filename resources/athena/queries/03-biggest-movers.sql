-- name: Biggest movers today
-- description: The 10 symbols that moved most today (UTC), by percent change from the day's first open to its last close.
-- {{DATABASE}} is replaced by the stack's Glue database at package time.
WITH today AS (
  SELECT symbol,
         min_by(open, event_time) AS first_open,
         max_by(close, event_time) AS last_close,
         max(high) AS high,
         min(low) AS low,
         count(*) AS ticks
  FROM {{DATABASE}}.ticks
  WHERE dt = date_format(current_date, '%Y-%m-%d')
  GROUP BY symbol
)
SELECT symbol,
       first_open,
       last_close,
       high,
       low,
       round(100 * (last_close - first_open) / first_open, 2) AS change_pct,
       ticks
FROM today
ORDER BY abs(last_close - first_open) / first_open DESC
LIMIT 10;
