-- name: Reconcile S3 with Kafka
-- description: Per topic-partition, the offsets stored as ticks or quarantined: missing_inside_range > 0 is a gap (data loss); rows_stored_twice are copies the ticks view collapses. last_offset + 1 should equal the sink consumer group's committed offset (kafka-consumer-groups --describe). The same check as npm run audit.
-- {{DATABASE}} is replaced by the stack's Glue database at package time.
WITH stored AS (
  SELECT kafka_topic AS topic, kafka_partition AS part, kafka_offset AS kafka_offset, 0 AS quarantined
  FROM {{DATABASE}}.ticks_raw
  UNION ALL
  SELECT topic, "partition", "offset", 1
  FROM {{DATABASE}}.ticks_quarantine
)
SELECT topic,
       part AS kafka_partition,
       min(kafka_offset) AS first_offset,
       max(kafka_offset) AS last_offset,
       count(DISTINCT kafka_offset) AS offsets_stored,
       max(kafka_offset) - min(kafka_offset) + 1 - count(DISTINCT kafka_offset) AS missing_inside_range,
       count(*) - count(DISTINCT kafka_offset) AS rows_stored_twice,
       sum(quarantined) AS quarantined
FROM stored
GROUP BY topic, part
ORDER BY topic, part;
