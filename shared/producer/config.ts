import { EnvReader } from '../config';
import { type KafkaConnectionConfig, readKafkaConnection } from '../kafka';
import { SYMBOL, TOPIC } from '../rules';
import { readS3Settings, type S3Settings } from '../s3';
import { DEFAULT_SYMBOLS, REPLAY_ORDERS, type ReplayOrder } from '../sources';
import { TICK_SOURCES, type TickSource } from '../tick';

/** Everything the producer reads from its environment, validated once at cold start. */
export interface ProducerConfig {
  readonly kafka: KafkaConnectionConfig;
  readonly topic: string;
  readonly source: TickSource;
  readonly symbols: readonly string[];
  readonly ticksPerSecond: number;
  readonly intervalSeconds: number;
  readonly replayCsvUri: string | undefined;
  readonly replayOrder: ReplayOrder;
  /** For reading an s3:// replay CSV. */
  readonly s3: S3Settings;
}

/**
 * Reads and validates the producer's configuration. Throws one ConfigError naming every bad
 * variable and what it accepts.
 */
export function loadProducerConfig(env: Readonly<Record<string, string | undefined>>): ProducerConfig {
  const r = new EnvReader(env);
  const kafka = readKafkaConnection(r, 'produce-ticks');
  const source = r.oneOf('TICK_SOURCE', TICK_SOURCES, { default: 'synthetic' });
  // An s3:// URI in AWS; a local file path works too (npm start replays the sample CSV).
  const replayCsvUri = r.optional('REPLAY_CSV_URI', { example: 's3://my-bucket/indexProcessed.csv' });
  if (source === 'replay' && !replayCsvUri)
    r.problem('REPLAY_CSV_URI', 'is required when TICK_SOURCE=replay');
  const config: ProducerConfig = {
    kafka,
    topic: r.string('KAFKA_TOPIC', { default: 'ticks', pattern: TOPIC, example: 'ticks' }),
    source,
    symbols: r.list('TICK_SYMBOLS', {
      default: DEFAULT_SYMBOLS,
      item: SYMBOL,
      example: 'NYA,N225,000001.SS',
    }),
    ticksPerSecond: r.int('TICKS_PER_SECOND', { default: 1, min: 1, max: 1_000 }),
    intervalSeconds: r.int('TICK_INTERVAL_SECONDS', { default: 60, min: 1, max: 3_600 }),
    replayCsvUri,
    replayOrder: r.oneOf('REPLAY_ORDER', REPLAY_ORDERS, { default: 'random' }),
    s3: readS3Settings(r),
  };
  r.done();
  return config;
}
