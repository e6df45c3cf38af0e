-- name: Latest price per symbol
-- description: The latest price of each symbol (its last close), when it was seen and how many ticks came in since yesterday (UTC).
-- {{DATABASE}} is replaced by the stack's Glue database at package time.
SELECT symbol,
       max_by(close, event_time) AS price,
       max_by(currency, event_time) AS currency,
       max(event_time) AS as_of,
       count(*) AS ticks_since_yesterday
FROM {{DATABASE}}.ticks
WHERE dt >= date_format(current_date - INTERVAL '1' DAY, '%Y-%m-%d')
GROUP BY symbol
ORDER BY symbol;
