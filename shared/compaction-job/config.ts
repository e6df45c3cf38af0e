import { EnvReader } from '../config';
import { type KafkaConnectionConfig, readKafkaConnection } from '../kafka';
import { BUCKET, CONSUMER_GROUP, PREFIX, TOPIC } from '../rules';
import { readS3Settings, type S3Settings } from '../s3';

/** Everything the compaction function reads from its environment, validated once at cold start. */
export interface CompactionJobConfig {
  readonly bucket: string;
  readonly topic: string;
  readonly prefixes: { readonly ticks: string; readonly quarantine: string; readonly seals: string };
  /** How many closed days back each run looks (late objects for those days are merged). */
  readonly lookbackDays: number;
  /** A day is compacted only this long after it closed, so its last batches are in. */
  readonly graceMinutes: number;
  readonly s3: S3Settings;
  /** The cluster the sink reads: a day is sealed only after its log there is audited against S3. */
  readonly kafka: KafkaConnectionConfig;
  /** The sink's consumer group: the audit waits until it has committed past the day. */
  readonly consumerGroup: string;
}

/** Reads and validates the compaction function's configuration; throws one ConfigError naming every bad variable. */
export function loadCompactionJobConfig(
  env: Readonly<Record<string, string | undefined>>,
): CompactionJobConfig {
  const r = new EnvReader(env);
  const prefix = (name: string, fallback: string) =>
    r.string(name, { default: fallback, pattern: PREFIX, example: fallback });
  const config: CompactionJobConfig = {
    bucket: r.string('TICKS_BUCKET', { pattern: BUCKET, example: 'my-ticks-bucket' }),
    topic: r.string('KAFKA_TOPIC', { default: 'ticks', pattern: TOPIC, example: 'ticks' }),
    prefixes: {
      ticks: prefix('TICKS_PREFIX', 'ticks/'),
      quarantine: prefix('QUARANTINE_PREFIX', 'quarantine/'),
      seals: prefix('SEALS_PREFIX', 'seals/'),
    },
    lookbackDays: r.int('COMPACTION_LOOKBACK_DAYS', { default: 3, min: 1, max: 31 }),
    graceMinutes: r.int('COMPACTION_GRACE_MINUTES', { default: 60, min: 0, max: 1_439 }),
    s3: readS3Settings(r),
    kafka: readKafkaConnection(r, 'compact-ticks'),
    consumerGroup: r.string('KAFKA_CONSUMER_GROUP', {
      pattern: CONSUMER_GROUP,
      example: 'stock-ticks-sink',
    }),
  };
  r.done();
  return config;
}
