import { EnvReader } from '../config';
import { KAFKA_AUTH_MODES, type KafkaConnectionConfig } from '../kafka';
import { BROKER, MSK_CLUSTER_ARN, SECRET_ARN, SYMBOL, TOPIC } from '../rules';
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
  const auth = r.oneOf('KAFKA_AUTH', KAFKA_AUTH_MODES);
  const brokers = r.list('KAFKA_BROKERS', {
    default: [],
    item: BROKER,
    example: 'b-1.example:9098,b-2.example:9098',
  });
  const clusterArn = r.optional('MSK_CLUSTER_ARN', {
    pattern: MSK_CLUSTER_ARN,
    example:
      'arn:aws:kafka:us-east-1:123456789012:cluster/msk-serverless-tutorial-cluster/c07c74ea-5146-4a03-add1-9baa787a5b14-s3',
  });
  const scramSecretArn = r.optional('KAFKA_SCRAM_SECRET_ARN', {
    pattern: SECRET_ARN,
    example: 'arn:aws:secretsmanager:us-west-2:123456789019:secret:AmazonMSK_MyClusterSecret',
  });
  const rootCaSecretArn = r.optional('KAFKA_ROOT_CA_SECRET_ARN', {
    pattern: SECRET_ARN,
    example: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MyBrokerCASecret',
  });
  const region = r.string('AWS_REGION', { default: 'us-east-1' });
  if (brokers.length === 0 && !clusterArn) {
    r.problem('KAFKA_BROKERS', 'or MSK_CLUSTER_ARN is required', '127.0.0.1:29092');
  }
  if (auth === 'scram' && !scramSecretArn)
    r.problem('KAFKA_SCRAM_SECRET_ARN', 'is required when KAFKA_AUTH=scram');
  if (rootCaSecretArn && auth !== 'scram')
    r.problem(
      'KAFKA_ROOT_CA_SECRET_ARN',
      `is set but KAFKA_AUTH=${auth} does not use it: only scram brokers take a private CA`,
    );
  const source = r.oneOf('TICK_SOURCE', TICK_SOURCES, { default: 'synthetic' });
  // An s3:// URI in AWS; a local file path works too (npm start replays the sample CSV).
  const replayCsvUri = r.optional('REPLAY_CSV_URI', { example: 's3://my-bucket/indexProcessed.csv' });
  if (source === 'replay' && !replayCsvUri)
    r.problem('REPLAY_CSV_URI', 'is required when TICK_SOURCE=replay');
  const config: ProducerConfig = {
    kafka: {
      clientId: r.string('KAFKA_CLIENT_ID', { default: 'produce-ticks' }),
      auth,
      brokers,
      clusterArn,
      scramSecretArn,
      rootCaSecretArn,
      region,
      connectionTimeoutMs: r.int('KAFKA_CONNECTION_TIMEOUT_MS', { default: 3_000, min: 100, max: 60_000 }),
      requestTimeoutMs: r.int('KAFKA_REQUEST_TIMEOUT_MS', { default: 10_000, min: 100, max: 300_000 }),
    },
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
